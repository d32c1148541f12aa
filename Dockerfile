# syntax=docker/dockerfile:1
# imagebatch: built with the Maven wrapper on a JDK 21, run on a JRE 21 as a non-root user
# from Spring Boot's jar layers (dependencies change rarely, so their layers stay cached).
#
#   docker build -t imagebatch .
#   docker run imagebatch serve          (see docker-compose.yml and README, "Run it in production")

FROM eclipse-temurin:21-jdk AS build
WORKDIR /build
COPY mvnw pom.xml ./
COPY .mvn .mvn
# the dependencies first: this layer is rebuilt only when the pom changes
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q dependency:resolve
COPY db db
COPY src src
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -DskipTests package \
	&& java -Djarmode=tools -jar target/imagebatch.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:21-jre
# curl for the HEALTHCHECK (installed explicitly rather than trusting the base image to keep it)
RUN apt-get update \
	&& apt-get install -y --no-install-recommends curl \
	&& rm -rf /var/lib/apt/lists/* \
	&& groupadd --system --gid 10001 imagebatch \
	&& useradd --system --uid 10001 --gid imagebatch --home-dir /app --shell /usr/sbin/nologin imagebatch
WORKDIR /app
# least often changed first
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
# ./data: the embedded PostgreSQL and S3 of 'serve --demo'; production configures servers instead
RUN mkdir /app/data && chown imagebatch:imagebatch /app/data
USER 10001:10001
# heap sized from the container's memory limit; overridable, e.g. by the helm chart
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=3 \
	CMD curl -fsS -o /dev/null http://localhost:8080/actuator/health/readiness || exit 1
# exec form: the JVM is PID 1 and gets SIGTERM, so calls in flight are stored before exit
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
CMD ["serve"]

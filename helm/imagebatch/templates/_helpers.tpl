{{/* The chart's name, or nameOverride. */}}
{{- define "imagebatch.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name: fullnameOverride, or release-chart (once when they agree). */}}
{{- define "imagebatch.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "imagebatch.selectorLabels" -}}
app.kubernetes.io/name: {{ include "imagebatch.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "imagebatch.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "imagebatch.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "imagebatch.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "imagebatch.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The environment variable holding a gateway's API key: GATEWAY_<NAME>_API_KEY. */}}
{{- define "imagebatch.gatewayKeyEnv" -}}
{{- printf "GATEWAY_%s_API_KEY" (regexReplaceAll "[^A-Za-z0-9]" . "_" | upper) }}
{{- end }}

{{/* The environment variable holding a user's password hash: USER_<NAME>_PASSWORD. */}}
{{- define "imagebatch.userPasswordEnv" -}}
{{- printf "USER_%s_PASSWORD" (regexReplaceAll "[^A-Za-z0-9]" . "_" | upper) }}
{{- end }}

{{/*
The application.yml the pods read: what the values say, secrets as ${ENV} placeholders
resolved from the Secret at start-up, then .Values.application merged over it.
*/}}
{{- define "imagebatch.applicationYaml" -}}
{{- $storage := dict "bucket" .Values.storage.bucket "prefix" .Values.storage.prefix "path-style" .Values.storage.pathStyle }}
{{- with .Values.storage.endpoint }}{{ $_ := set $storage "endpoint" . }}{{ end }}
{{- with .Values.storage.region }}{{ $_ := set $storage "region" . }}{{ end }}
{{- $gateways := dict }}
{{- range $name, $gateway := .Values.gateways }}
{{- $settings := deepCopy ($gateway.settings | default dict) }}
{{- $_ := set $settings "base-url" $gateway.baseUrl }}
{{- if $gateway.apiKeySecretKey }}
{{- $_ := set $settings "api-key" (printf "${%s}" (include "imagebatch.gatewayKeyEnv" $name)) }}
{{- end }}
{{- $_ := set $gateways $name $settings }}
{{- end }}
{{- $users := dict }}
{{- range $name, $user := .Values.users }}
{{- $_ := set $users $name (dict "password" (printf "${%s}" (include "imagebatch.userPasswordEnv" $name)) "roles" $user.roles) }}
{{- end }}
{{- $imagebatch := dict "storage" $storage "gateways" $gateways "security" (dict "users" $users) "run" (dict "shutdown-grace" (printf "%ds" (int .Values.shutdownGraceSeconds))) }}
{{- with .Values.defaultGateway }}{{ $_ := set $imagebatch "default-gateway" . }}{{ end }}
{{- $datasource := dict "url" .Values.database.url "username" .Values.database.username "password" "${DATABASE_PASSWORD}" }}
{{- $app := dict "spring" (dict "datasource" $datasource) "imagebatch" $imagebatch }}
{{- toYaml (mergeOverwrite $app (deepCopy .Values.application)) }}
{{- end }}

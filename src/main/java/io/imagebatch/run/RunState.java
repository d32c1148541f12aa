package io.imagebatch.run;

import org.jspecify.annotations.Nullable;

/**
 * What a change to a run is decided on: its status, who owns it, and the version read
 * with them, which the change must still find when it writes.
 *
 * @param id the run id
 * @param status where it is
 * @param owner the process that last claimed it, if any
 * @param version the optimistic lock version
 */
record RunState(String id, RunStatus status, @Nullable String owner, int version) {

}

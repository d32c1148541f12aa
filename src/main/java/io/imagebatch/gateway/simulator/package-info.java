@NullMarked
package io.imagebatch.gateway.simulator;

import org.jspecify.annotations.NullMarked;

/**
 * The little that several modules need alike and that belongs to none of them: today, {@link
 * io.tandem.common.Secret}, the masked value every configuration reader uses for passwords and keys.
 */
package io.tandem.common;

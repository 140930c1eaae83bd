/**
 * tandem's metadata on each target: the checkpoint row per channel (where it resumes, written with the
 * data it describes) and the log of events skipped by rule. The schema never replicates.
 */
package io.tandem.replicator.checkpoint;

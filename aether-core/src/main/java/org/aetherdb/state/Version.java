package org.aetherdb.state;

import org.aetherdb.btree.ChildRef;

/** A published tree version: its root and the sequence number of the last commit it contains. */
public record Version(ChildRef root, long seq, int height) {}

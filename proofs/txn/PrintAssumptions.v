From Aether Require Import txn.History txn.Serializable txn.SnapshotIsolation txn.ConflictIndex.
Print Assumptions occ_serializable.
Print Assumptions occ_read_only_at_snapshot.
Print Assumptions si_first_committer_wins.
Print Assumptions si_admits_write_skew.
Print Assumptions si_weaker_than_serializable.
Print Assumptions conflict_index_exact.
Print Assumptions occ_valid_iff_index.

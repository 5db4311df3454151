(** Not part of _CoqProject: the assumptions check runs [coqc] on this file after the build
    and accepts only axioms documented in [spec/Axioms.v] (the B+tree theorems use none). *)
From Aether Require Import spec.OrderedMap spec.OrderedMapFacts btree.BTree btree.Invariants btree.Refinement
  btree.Range btree.Cow btree.Fill btree.FillBytes.

Print Assumptions key_order_strict_total.
Print Assumptions btree_refines_map.
Print Assumptions get_correct.
Print Assumptions put_correct.
Print Assumptions delete_correct.
Print Assumptions range_correct.
Print Assumptions range_iteration_correct.
Print Assumptions cow_snapshot_stable.
Print Assumptions cow_snapshot_contents_stable.
Print Assumptions cow_refines.
Print Assumptions cow_run_refines.
Print Assumptions btree_ops_preserve_invariants.
Print Assumptions put_fill_top.
Print Assumptions delete_fill_top.
Print Assumptions run_sorted.
Print Assumptions get_put_same.
Print Assumptions get_put_other.
Print Assumptions get_delete_same.
Print Assumptions get_delete_other.
Print Assumptions leaf_split_fill.
Print Assumptions branch_split_fill.
Print Assumptions leaf_rebalance_fill.
Print Assumptions branch_rebalance_fill.
Print Assumptions branch_min_children.
Print Assumptions leaf_entry_bytes_bounds.
Print Assumptions leaf_entry_any_form_bounds.
Print Assumptions separator_bytes_bounds.

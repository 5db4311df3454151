(** Extraction of the B+tree model (btree/BTree.v) into the executable oracle,
    proofs/_build/aether-oracle (built by [make -C proofs], run by OracleConformanceTest).

    The oracle's operations below are the model's operations with the trace's argument order;
    the driver (driver.ml) only parses the trace, converts hex to the model's keys and values
    (lists of [Z], one per byte) and back, and prints. The theorems about these operations
    (that they refine spec/OrderedMap.v and keep the invariants) are in btree/.

    Type mappings (trust added by extraction, see proofs/README.md):
    - ExtrOcamlBasic: Coq [bool], [option], [unit], [list], [prod], [sumbool], [sumor] become
      the OCaml types of the same shape, constructor for constructor; no arithmetic involved.
    - Nothing else is mapped: [Z], [positive] and [nat] stay the inductive types Coq defines
      (binary [Z], Peano [nat]), comparisons are the model's own functions. No nat/Z-to-int
      mapping is used, so no overflow or OCaml-arithmetic assumption enters the oracle. *)
Require Extraction.
Require Import Coq.Lists.List Coq.ZArith.ZArith.
Require Import Coq.extraction.ExtrOcamlBasic.
Require Aether.btree.BTree.

Definition state := Aether.btree.BTree.tree.
Definition bytes := list Z.

(** The page size of the oracle's tree: 4096 bytes, the page size OracleConformanceTest opens
    its database with. The test compares only get/range results, which do not depend on the
    page size ([btree_refines_map] holds for every [P]); the node shapes do. *)
Definition page_size : Z := 4096%Z.

Definition o_empty : state := Aether.btree.BTree.empty.
Definition o_put (k v : bytes) (s : state) : state := Aether.btree.BTree.put page_size s k v.
Definition o_delete (k : bytes) (s : state) : state := Aether.btree.BTree.delete page_size s k.
Definition o_get (k : bytes) (s : state) : option bytes := Aether.btree.BTree.get s k.

(** The first [limit] entries with key >= [lo], ascending: [TreeCursorImpl.seek(lo)] then
    [next] up to [limit] times. *)
Definition o_range (lo : bytes) (limit : nat) (s : state) : list (bytes * bytes) :=
  Aether.btree.BTree.range s lo None (Some limit).

(** Byte conversions for the driver, computed by Coq's own [Z.of_nat] / [Z.to_nat]. *)
Definition z_of_nat : nat -> Z := Z.of_nat.
Definition nat_of_z : Z -> nat := Z.to_nat.

Extraction Language OCaml.
Extraction "oracle.ml" o_empty o_put o_delete o_get o_range z_of_nat nat_of_z.

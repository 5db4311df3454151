(** Extraction of the B+tree model into the executable oracle (proofs/_build/aether-oracle).

    The oracle's operations below are thin compositions of the model's operations; the driver
    (driver.ml) only parses the trace, converts hex to bytes and prints results.

    Type mappings (trusted base added by extraction, see proofs/README.md):
    - ExtrOcamlBasic: Coq [bool], [option], [unit], [list], [prod], [sumbool], [sumor] become
      the OCaml types of the same shape (constructor for constructor; no arithmetic involved).
    - Nothing else is mapped: [nat] stays Peano, [byte] stays Coq's 256-constructor inductive,
      comparisons are the model's own functions. No nat/Z-to-int mapping is used, so no
      overflow or OCaml-arithmetic assumption enters the oracle. *)
Require Extraction.
Require Import Coq.Lists.List Coq.Strings.Byte.
Require Import Coq.extraction.ExtrOcamlBasic.
Require Aether.oracle.Placeholder.
Import ListNotations.

(** The model the oracle runs. *)
Notation model_t := Aether.oracle.Placeholder.t.
Notation model_empty := Aether.oracle.Placeholder.empty.
Notation model_put := Aether.oracle.Placeholder.put.
Notation model_delete := Aether.oracle.Placeholder.delete.
Notation model_get := Aether.oracle.Placeholder.get.
Notation model_range := Aether.oracle.Placeholder.range.

Definition state := model_t.
Definition o_empty : state := model_empty.
Definition o_put (k v : list byte) (s : state) : state := model_put k v s.
Definition o_delete (k : list byte) (s : state) : state := model_delete k s.
Definition o_get (k : list byte) (s : state) : option (list byte) := model_get k s.

(** The first [limit] entries with key >= [lo], ascending. *)
Definition o_range (lo : list byte) (limit : nat) (s : state) : list (list byte * list byte) :=
  firstn limit (model_range lo s).

Extraction Language OCaml.
Extraction "oracle.ml" o_empty o_put o_delete o_get o_range Byte.of_nat Byte.to_nat.

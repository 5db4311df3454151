(** A stand-in for the B+tree model while proofs/btree/ is being written: a sorted association
    list with the same interface ([empty], [put], [delete], [get], [range]). Used only to build
    the extraction pipeline; Oracle.v switches to the proven model. *)
Require Import Coq.Lists.List Coq.Strings.Byte Coq.Arith.PeanoNat.
Import ListNotations.

Definition key := list byte.
Definition value := list byte.

Fixpoint cmp (a b : key) : comparison :=
  match a, b with
  | [], [] => Eq
  | [], _ => Lt
  | _, [] => Gt
  | x :: a', y :: b' =>
      match Nat.compare (Byte.to_nat x) (Byte.to_nat y) with
      | Eq => cmp a' b'
      | c => c
      end
  end.

Definition t := list (key * value).
Definition empty : t := [].

Fixpoint put (k : key) (v : value) (m : t) : t :=
  match m with
  | [] => [(k, v)]
  | (k', v') :: rest =>
      match cmp k k' with
      | Lt => (k, v) :: m
      | Eq => (k, v) :: rest
      | Gt => (k', v') :: put k v rest
      end
  end.

Fixpoint delete (k : key) (m : t) : t :=
  match m with
  | [] => []
  | (k', v') :: rest =>
      match cmp k k' with
      | Lt => m
      | Eq => rest
      | Gt => (k', v') :: delete k rest
      end
  end.

Fixpoint get (k : key) (m : t) : option value :=
  match m with
  | [] => None
  | (k', v') :: rest =>
      match cmp k k' with
      | Lt => None
      | Eq => Some v'
      | Gt => get k rest
      end
  end.

(** Entries with key >= [lo], ascending. *)
Definition range (lo : key) (m : t) : list (key * value) :=
  filter (fun e => match cmp (fst e) lo with Lt => false | _ => true end) m.

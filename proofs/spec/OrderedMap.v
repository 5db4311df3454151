(** * Trusted specification: keys, their order, and the ordered map.

    This file is part of the trusted base of the B+tree proofs: a reader checks by eye
    that it says what AetherDB promises (see docs/VERIFICATION.md).

    - A key is a list of bytes. A byte is its unsigned value, an integer [Z] (0..255 for
      real keys; the order below is a strict total order on all of [list Z], so the range
      restriction is never needed). The order is unsigned lexicographic with a proper prefix
      before its extensions: exactly [java.util.Arrays.compareUnsigned(byte[], byte[])], which
      the engine uses everywhere ([org.aetherdb.btree.Search]).
    - The ordered map is an association list with strictly increasing keys. [get] is a plain
      linear search, [put] inserts at the sorted position or replaces, [delete] filters the key
      out, [range] keeps the entries in [from, to) and at most [limit] of them. *)

From Coq Require Import List ZArith Bool Lia.
Import ListNotations.

(** ** Keys and their order *)

Definition key := list Z.

(** Models [Arrays.compareUnsigned] (sign of the result). *)
Fixpoint kcmp (a b : key) : comparison :=
  match a, b with
  | [], [] => Eq
  | [], _ :: _ => Lt
  | _ :: _, [] => Gt
  | x :: a', y :: b' =>
      match Z.compare x y with
      | Eq => kcmp a' b'
      | c => c
      end
  end.

Definition klt (a b : key) : Prop := kcmp a b = Lt.
Definition kle (a b : key) : Prop := kcmp a b <> Gt.

Definition kltb (a b : key) : bool := match kcmp a b with Lt => true | _ => false end.
Definition kleb (a b : key) : bool := match kcmp a b with Gt => false | _ => true end.
Definition keqb (a b : key) : bool := match kcmp a b with Eq => true | _ => false end.

Lemma kcmp_eq : forall a b, kcmp a b = Eq <-> a = b.
Proof.
  induction a as [|x a IH]; destruct b as [|y b]; simpl; split; intro H; try congruence.
  - destruct (Z.compare x y) eqn:E; try congruence.
    apply Z.compare_eq in E. apply IH in H. subst. reflexivity.
  - inversion H; subst. rewrite Z.compare_refl. apply IH. reflexivity.
Qed.

Lemma kcmp_refl : forall a, kcmp a a = Eq.
Proof. intro a. apply kcmp_eq. reflexivity. Qed.

Lemma kcmp_antisym : forall a b, kcmp b a = CompOpp (kcmp a b).
Proof.
  induction a as [|x a IH]; destruct b as [|y b]; simpl; auto.
  rewrite (Z.compare_antisym x y).
  destruct (Z.compare x y); simpl; auto.
Qed.

Lemma klt_trans : forall a b c, klt a b -> klt b c -> klt a c.
Proof.
  unfold klt. induction a as [|x a IH]; destruct b as [|y b]; destruct c as [|z c];
    simpl; intros H1 H2; try congruence.
  destruct (Z.compare x y) eqn:Exy; try congruence;
  destruct (Z.compare y z) eqn:Eyz; try congruence.
  - apply Z.compare_eq in Exy. apply Z.compare_eq in Eyz. subst.
    rewrite Z.compare_refl. eauto.
  - apply Z.compare_eq in Exy. subst. rewrite Eyz. reflexivity.
  - apply Z.compare_eq in Eyz. subst. rewrite Exy. reflexivity.
  - rewrite Z.compare_lt_iff in *. assert (x < z)%Z by lia.
    apply Z.compare_lt_iff in H. rewrite H. reflexivity.
Qed.

Lemma klt_irrefl : forall a, ~ klt a a.
Proof. unfold klt. intros a H. rewrite kcmp_refl in H. discriminate. Qed.

Lemma klt_total : forall a b, klt a b \/ a = b \/ klt b a.
Proof.
  unfold klt. intros a b. rewrite (kcmp_antisym a b).
  destruct (kcmp a b) eqn:E; simpl; auto.
  right; left. apply kcmp_eq. exact E.
Qed.

(** The key order is a strict total order (irreflexive, transitive, total). *)
Theorem key_order_strict_total :
  (forall a, ~ klt a a) /\
  (forall a b c, klt a b -> klt b c -> klt a c) /\
  (forall a b, klt a b \/ a = b \/ klt b a).
Proof. split; [exact klt_irrefl | split; [exact klt_trans | exact klt_total]]. Qed.

(** ** The ordered map *)

Section Map.
Variable V : Type.

Definition omap := list (key * V).

(** Strictly increasing keys. *)
Fixpoint sorted (m : omap) : Prop :=
  match m with
  | [] => True
  | (k, _) :: m' => Forall (fun p => klt k (fst p)) m' /\ sorted m'
  end.

Definition empty : omap := [].

Fixpoint get (m : omap) (k : key) : option V :=
  match m with
  | [] => None
  | (k', v) :: m' => if keqb k k' then Some v else get m' k
  end.

Fixpoint put (m : omap) (k : key) (v : V) : omap :=
  match m with
  | [] => [(k, v)]
  | (k', v') :: m' =>
      match kcmp k k' with
      | Lt => (k, v) :: m
      | Eq => (k, v) :: m'
      | Gt => (k', v') :: put m' k v
      end
  end.

Definition delete (m : omap) (k : key) : omap :=
  filter (fun p => negb (keqb (fst p) k)) m.

(** Below the exclusive upper bound [to] ([None]: unbounded). *)
Definition below (to : option key) (k : key) : bool :=
  match to with None => true | Some t => kltb k t end.

Definition limit_to (limit : option nat) (l : omap) : omap :=
  match limit with None => l | Some n => firstn n l end.

(** Ascending range: the entries with [from <= key < to], at most [limit] of them. *)
Definition range (m : omap) (from : key) (to : option key) (limit : option nat) : omap :=
  limit_to limit (filter (fun p => kleb from (fst p) && below to (fst p)) m).

(** Operation sequences, shared by the refinement theorem. *)
Inductive op := Put (k : key) (v : V) | Del (k : key).

Definition apply_op (m : omap) (o : op) : omap :=
  match o with Put k v => put m k v | Del k => delete m k end.

Definition run (ops : list op) : omap := fold_left apply_op ops empty.

End Map.

Arguments empty {V}.
Arguments Put {V}.
Arguments Del {V}.
Arguments sorted {V}.
Arguments get {V}.
Arguments put {V}.
Arguments delete {V}.
Arguments range {V}.
Arguments limit_to {V}.
Arguments apply_op {V}.
Arguments run {V}.

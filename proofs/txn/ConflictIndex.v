(** * The conflict index answers the validation rule exactly (model of
    [org.aetherdb.txn.ConflictIndex]).

    [ConflictIndex] keeps, for each key, the sequence number of its latest write ([lastWrite]);
    [conflict] rejects a SERIALIZABLE transaction with snapshot [s] when [lastWrite(k) > s] for
    a key it read, or for a key inside a range it swept (the sub-map walk). [lastw] is that map
    as a function of the history (commit [j], 0-based, has sequence [j + 1]; [0] = never written).
    [conflict_index_exact]: [lastw > s] holds iff a commit after the snapshot wrote the key, so
    [occ_valid_iff_index]: the index check accepts exactly the histories [occ_valid] describes.
    The forgetting of old commits ([prune], the size bound) is not modelled: it only adds the
    "too old to validate" rejection for snapshots older than what is kept. *)

From Coq Require Import List Arith Lia.
From Aether Require Import txn.History txn.Serializable.
Import ListNotations.

Section Index.
  Variable Key Val : Type.
  Variable key_eq_dec : forall a b : Key, {a = b} + {a <> b}.

  Notation Txn := (Txn Key Val).
  Notation State := (State Key Val).

  (** [ConflictIndex.record] applied to commits [0 .. n-1]: the latest sequence writing [k]. *)
  Fixpoint lastw (f : nat -> list Key) (n : nat) (k : Key) : nat :=
    match n with
    | 0 => 0
    | S m => if in_dec key_eq_dec k (f m) then S m else lastw f m k
    end.

  Lemma lastw_le : forall f n k, lastw f n k <= n.
  Proof. induction n; simpl; intros; [lia|]. destruct (in_dec _ _ _); [lia|]. specialize (IHn k). lia. Qed.

  Theorem conflict_index_exact : forall f i k s,
    s < lastw f i k <-> exists j, s <= j < i /\ In k (f j).
  Proof.
    induction i as [|i IH]; intros k s; simpl.
    - split; [lia|]. intros (j & Hj & _). lia.
    - destruct (in_dec key_eq_dec k (f i)) as [Hin|Hout].
      + split.
        * intros Hs. exists i. split; [lia|auto].
        * intros (j & Hj & _). lia.
      + rewrite IH. split.
        * intros (j & Hj & Hk). exists j. split; [lia|auto].
        * intros (j & Hj & Hk). exists j. split; [|auto].
          destruct (Nat.eq_dec j i) as [->|]; [contradiction|lia].
  Qed.

  (** The keys commit [j] of history [h] wrote. *)
  Definition wk (h : list (Txn * nat)) (states : nat -> State) (j : nat) : list Key :=
    match nth_error h j with Some (t, s) => wkeys (body t (states s)) | None => [] end.

  Lemma written_wk : forall h states j k, written h states j k <-> In k (wk h states j).
  Proof.
    intros. unfold written, wk. split.
    - intros (t & s & E & Hin). rewrite E. auto.
    - destruct (nth_error h j) as [[t s]|]; [intros; exists t, s; auto|intros []].
  Qed.

  (** The index check ([lastWrite(k) <= snapshot] for every key observed) is the rule. *)
  Theorem occ_valid_iff_index : forall h states,
    occ_valid h states <->
    (forall i t s, nth_error h i = Some (t, s) -> forall k, observes t k -> lastw (wk h states) i k <= s).
  Proof.
    intros h states. unfold occ_valid. split.
    - intros V i t s E k Ho. destruct (le_lt_dec (lastw (wk h states) i k) s) as [|Hlt]; auto.
      exfalso. apply conflict_index_exact in Hlt. destruct Hlt as (j & Hj & Hin).
      apply (V i t s E j k Hj); [apply written_wk; auto|auto].
    - intros V i t s E j k Hj Hw Ho. specialize (V i t s E k Ho).
      assert (s < lastw (wk h states) i k) by (apply conflict_index_exact; exists j; split; auto; apply written_wk; auto).
      lia.
  Qed.
End Index.

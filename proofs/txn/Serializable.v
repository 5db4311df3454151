(** * Theorem 4, part 1: optimistic validation (SERIALIZABLE) gives serializability.

    Models [org.aetherdb.txn.ConflictIndex.conflict] for [IsolationLevel.SERIALIZABLE]: a
    transaction with snapshot [s] is rejected when a commit with a sequence number greater than
    [s] (i.e. a commit of the history at index [j >= s], before its own index [i]) wrote a key it
    read ([ReadSet.keys]) or a key inside a range it swept ([ReadSet.ranges]).
    [occ_valid] is that rule for every committed transaction of a history. The theorem
    [occ_serializable]: every state of the history equals the serial execution of the committed
    transactions in commit order, and every transaction observed exactly what it would have
    observed running alone at its commit position. [occ_read_only_at_snapshot]: a read-only
    transaction (never validated, [docs/TRANSACTIONS.md]) observes the serial state at its
    snapshot, i.e. it is ordered at its snapshot (a read-only transaction reads one committed state, so it can take that place in any serial order). *)

From Coq Require Import List Arith Lia.
From Aether Require Import txn.History.
Import ListNotations.

Section Occ.
  Variable Key Val : Type.
  Variable key_eq_dec : forall a b : Key, {a = b} + {a <> b}.

  Notation Txn := (Txn Key Val).
  Notation State := (State Key Val).

  (** The validation rule, for every committed transaction (the [ConflictIndex] check). A
      transaction that observed nothing (a blind write) passes vacuously, as in the Java
      ("a blind write has nothing to validate, however old its snapshot"). *)
  Definition occ_valid (h : list (Txn * nat)) (states : nat -> State) : Prop :=
    forall i t s, nth_error h i = Some (t, s) ->
      forall j k, s <= j < i -> written h states j k -> ~ observes t k.

  Definition all_read_only (h : list (Txn * nat)) : Prop :=
    forall i t s, nth_error h i = Some (t, s) -> body_reads_only t.

  Theorem occ_serializable : forall init h states,
    runs key_eq_dec init h states ->
    all_read_only h ->
    occ_valid h states ->
    (forall n, n <= length h ->
       forall k, states n k = serial key_eq_dec init (map fst (firstn n h)) k)
    /\ (forall i t s, nth_error h i = Some (t, s) ->
       forall k, observes t k -> states s k = serial key_eq_dec init (map fst (firstn i h)) k).
  Proof.
    intros init h states Hr Hb Hv.
    (* Each committed transaction observes at its snapshot what the latest state holds. *)
    assert (Obs : forall i t s, nth_error h i = Some (t, s) ->
              forall k, observes t k -> states s k = states i k).
    { intros i t s E k Ho.
      assert (Hi : i < length h) by (apply nth_error_Some; congruence).
      destruct Hr as [H0 R]. destruct (R _ _ _ E) as [Hs _].
      eapply unwritten_stable; [split; eauto | lia | lia |].
      intros j Hj Hw. exact (Hv _ _ _ E j k Hj Hw Ho). }
    assert (Ser : forall n, n <= length h ->
              forall k, states n k = serial key_eq_dec init (map fst (firstn n h)) k).
    { induction n as [|n IH]; intros Hn k.
      - simpl. destruct Hr as [H0 _]. apply H0.
      - destruct (nth_error h n) as [[t s]|] eqn:E.
        2:{ apply nth_error_None in E; lia. }
        rewrite (firstn_snoc_nth _ _ _ E), map_app. simpl. rewrite serial_app1.
        destruct Hr as [H0 R]. destruct (R _ _ _ E) as [_ Hst].
        rewrite Hst. unfold serial_step.
        rewrite ((Hb _ _ _ E) (states s) (serial key_eq_dec init (map fst (firstn n h)))).
        + apply apply_writes_ext. intros; apply IH; lia.
        + intros k' Ho. rewrite (Obs _ _ _ E k' Ho). apply IH. lia. }
    split; auto.
    intros i t s E k Ho. rewrite (Obs _ _ _ E k Ho). apply Ser.
    assert (i < length h) by (apply nth_error_Some; congruence). lia.
  Qed.

  (** A read-only transaction with snapshot [s] (it takes no sequence number and is never
      validated) observes the serial state after the first [s] commits. *)
  Theorem occ_read_only_at_snapshot : forall init h states,
    runs key_eq_dec init h states -> all_read_only h -> occ_valid h states ->
    forall s, s <= length h ->
    forall k, states s k = serial key_eq_dec init (map fst (firstn s h)) k.
  Proof.
    intros init h states Hr Hb Hv s Hs k.
    destruct (occ_serializable init h states Hr Hb Hv) as [Ser _]. auto.
  Qed.
End Occ.

Arguments occ_valid {Key Val}.
Arguments all_read_only {Key Val}.

(** * Theorem 4, part 2: snapshot isolation (first committer wins) prevents lost updates but
    admits write skew, so it is weaker than the SERIALIZABLE rule.

    Models [org.aetherdb.txn.ConflictIndex.conflict] for [IsolationLevel.SNAPSHOT]: a
    transaction with snapshot [s] is rejected when a commit with a sequence number greater than
    [s] wrote a key it also writes ("write-write conflict"). *)

From Coq Require Import List Arith Lia Permutation.
From Aether Require Import txn.History txn.Serializable.
Import ListNotations.

Section Si.
  Variable Key Val : Type.
  Variable key_eq_dec : forall a b : Key, {a = b} + {a <> b}.

  Notation Txn := (Txn Key Val).
  Notation State := (State Key Val).

  Definition si_valid (h : list (Txn * nat)) (states : nat -> State) : Prop :=
    forall i t s, nth_error h i = Some (t, s) ->
      forall j k, s <= j < i -> written h states j k -> ~ In k (wkeys (body t (states s))).

  (** First committer wins: no lost update. When a committed SNAPSHOT transaction writes a key,
      no commit after its snapshot wrote that key before it; so the value it read for that key
      (in a read-modify-write) is the latest committed one, and no earlier update is lost. *)
  Theorem si_first_committer_wins : forall init h states,
    runs key_eq_dec init h states -> si_valid h states ->
    forall i t s, nth_error h i = Some (t, s) ->
    forall k, In k (wkeys (body t (states s))) ->
      (forall j, s <= j < i -> ~ written h states j k) /\ states s k = states i k.
  Proof.
    intros init h states Hr Hv i t s E k Hin.
    assert (Hi : i < length h) by (apply nth_error_Some; congruence).
    assert (Hs : s <= i) by (destruct Hr as [_ R]; apply (R _ _ _ E)).
    assert (N : forall j, s <= j < i -> ~ written h states j k).
    { intros j Hj Hw. exact (Hv _ _ _ E j k Hj Hw Hin). }
    split; auto. eapply unwritten_stable; eauto; lia.
  Qed.

  (** A history is (final-state) serializable when some order of its transactions, run one at a
      time, yields its final state. *)
  Definition serializable (init : State) (h : list (Txn * nat)) (states : nat -> State) : Prop :=
    exists order, Permutation order (map fst h) /\
      forall k, serial key_eq_dec init order k = states (length h) k.
End Si.

Arguments si_valid {Key Val}.
Arguments serializable {Key Val}.

(** ** Write skew: a concrete history SNAPSHOT accepts and SERIALIZABLE rejects, which no serial
    order explains. Two on-call doctors [x = 0] and [y = 1], both on call (value 1); the rule is
    "at least one stays on call". Each transaction reads both and, seeing both on call, takes one
    off call. Both start from the initial snapshot. *)
Section WriteSkew.
  Definition K := nat.
  Definition V := nat.
  Definition kdec := Nat.eq_dec.

  Definition init0 : State K V := fun k => if Nat.eq_dec k 0 then Some 1 else if Nat.eq_dec k 1 then Some 1 else None.

  Definition both_on (st : State K V) : bool :=
    match st 0, st 1 with Some 1, Some 1 => true | _, _ => false end.

  Definition off (me : K) : Txn K V :=
    {| reads := [0; 1]; ranges := []; body := fun st => if both_on st then [(me, Some 0)] else [] |}.

  Definition skew : list (Txn K V * nat) := [(off 0, 0); (off 1, 0)].

  (** The states of the history: after T1 [x = 0], after T2 [x = 0] and [y = 0]. *)
  Definition skew_states (n : nat) : State K V :=
    match n with
    | 0 => init0
    | 1 => fun k => if Nat.eq_dec k 0 then Some 0 else init0 k
    | _ => fun k => if Nat.eq_dec k 0 then Some 0 else if Nat.eq_dec k 1 then Some 0 else init0 k
    end.

  Lemma skew_runs : runs kdec init0 skew skew_states.
  Proof.
    split; [reflexivity|].
    intros i t s E. destruct i as [|[|i]]; simpl in E; inversion E; subst; clear E.
    - split; [lia|]. intros k. unfold apply_writes, apply_write, kdec; simpl.
      destruct (Nat.eq_dec k 0); reflexivity.
    - split; [lia|]. intros k. unfold apply_writes, apply_write, kdec; simpl.
      destruct (Nat.eq_dec k 1) as [->|]; [reflexivity|].
      destruct (Nat.eq_dec k 0); reflexivity.
    - destruct i; discriminate.
  Qed.

  Lemma skew_reads_only : all_read_only skew.
  Proof.
    intros i t s E. destruct i as [|[|i]]; simpl in E; inversion E; subst; clear E;
      try (destruct i; discriminate);
      intros s1 s2 Eq; simpl; unfold both_on;
      rewrite (Eq 0), (Eq 1) by (left; simpl; auto); reflexivity.
  Qed.

  Lemma skew_si_valid : si_valid skew skew_states.
  Proof.
    intros i t s E j k Hj [t' [s' [E' Hw]]].
    destruct i as [|[|i]]; simpl in E; inversion E; subst; clear E; try lia.
    - destruct j as [|[|j]]; simpl in E'; inversion E'; subst; try lia.
      simpl in Hw |- *. destruct Hw as [<-|[]]. intros [H|[]]; discriminate.
    - destruct i; discriminate.
  Qed.

  Theorem si_admits_write_skew :
    runs kdec init0 skew skew_states /\ all_read_only skew /\ si_valid skew skew_states
    /\ ~ occ_valid skew skew_states /\ ~ serializable kdec init0 skew skew_states.
  Proof.
    split; [apply skew_runs|]. split; [apply skew_reads_only|]. split; [apply skew_si_valid|].
    split.
    - intros Hv. apply (Hv 1 (off 1) 0 eq_refl 0 0); [lia| |].
      + exists (off 0), 0. simpl. auto.
      + left. simpl. auto.
    - intros [order [P Fin]]. simpl in P.
      apply Permutation_sym, Permutation_length_2_inv in P. destruct P as [->| ->].
      + specialize (Fin 1). simpl in Fin. vm_compute in Fin. discriminate.
      + specialize (Fin 0). simpl in Fin. vm_compute in Fin. discriminate.
  Qed.

  (** The levels differ: a history exists that SNAPSHOT accepts and that is not serializable,
      while by [occ_serializable] every history SERIALIZABLE accepts is. *)
  Corollary si_weaker_than_serializable :
    exists (init : State K V) h states, runs kdec init h states /\ all_read_only h /\ si_valid h states /\
      ~ serializable kdec init h states.
  Proof.
    destruct si_admits_write_skew as (R & B & S & _ & N). exists init0, skew, skew_states. auto.
  Qed.
End WriteSkew.

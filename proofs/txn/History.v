(** * Committed histories of transactions (model of [org.aetherdb.engine.CommitPipeline.runGroup]
    and [org.aetherdb.txn.ReadSet]).

    A committed history is the list of the transactions the commit pipeline accepted, in commit
    order: the [i]-th element (0-based) got commit sequence number [base + i + 1]
    ([CommitPipeline.runGroup]: [seq++] per accepted request; a rejected one takes none). Each
    element carries its snapshot [s]: the number of commits of the history it saw
    ([Validation.snapshotSeq] minus [base]); [s <= i].

    A transaction is abstracted to what validation and the serial order need:
    - [reads]: the keys read with [get] ([ReadSet.keys], including reads that found nothing);
    - [ranges]: the ranges swept by cursors ([ReadSet.ranges]); a range is any decidable key set
      (the Java closed interval [low, high] with optional bounds is one such set);
    - [body]: the writes it buffers, as a function of the state it reads. Hypothesis
      [body_reads_only] below says the writes depend only on what it observed: the keys it read
      and the keys inside the ranges it swept (a range scan observes presence and absence).

    The state after [n] commits is the function [states n]; the engine's behaviour is the
    relation [runs]: a transaction's writes are computed on its snapshot [states s] and applied
    to the latest state [states i] ([CommitPipeline.runGroup]: [tree.put]/[tree.delete] on the
    group's current root). *)

From Coq Require Import List Arith Lia.
Import ListNotations.

Section History.
  Variable Key Val : Type.
  Variable key_eq_dec : forall a b : Key, {a = b} + {a <> b}.

  (** A database state: the value of each key, [None] = absent. *)
  Definition State := Key -> option Val.
  (** One buffered operation ([format.Op]): [Some v] = put, [None] = delete. *)
  Definition Write := (Key * option Val)%type.

  Definition apply_write (st : State) (w : Write) : State :=
    fun k => if key_eq_dec k (fst w) then snd w else st k.

  Definition apply_writes (st : State) (ws : list Write) : State := fold_left apply_write ws st.

  Record Txn := {
    reads : list Key;
    ranges : list (Key -> bool);
    body : State -> list Write
  }.

  (** [t] observed key [k]: read it with [get], or swept a range containing it. *)
  Definition observes (t : Txn) (k : Key) : Prop :=
    In k (reads t) \/ exists r, In r (ranges t) /\ r k = true.

  (** The writes depend only on what was observed. *)
  Definition body_reads_only (t : Txn) : Prop :=
    forall s1 s2 : State, (forall k, observes t k -> s1 k = s2 k) -> body t s1 = body t s2.

  Definition wkeys (ws : list Write) : list Key := map fst ws.

  (** The engine's execution of a committed history [h] from [init]. *)
  Definition runs (init : State) (h : list (Txn * nat)) (states : nat -> State) : Prop :=
    (forall k, states 0 k = init k) /\
    forall i t s, nth_error h i = Some (t, s) ->
      s <= i /\ forall k, states (S i) k = apply_writes (states i) (body t (states s)) k.

  (** The keys commit [j] of the history wrote. *)
  Definition written (h : list (Txn * nat)) (states : nat -> State) (j : nat) (k : Key) : Prop :=
    exists t s, nth_error h j = Some (t, s) /\ In k (wkeys (body t (states s))).

  (** The serial execution of transactions one at a time, each reading the latest state. *)
  Definition serial_step (st : State) (t : Txn) : State := apply_writes st (body t st).
  Definition serial (init : State) (ts : list Txn) : State := fold_left serial_step ts init.

  (** ** Lemmas on applying writes *)

  Lemma apply_writes_ext : forall ws s1 s2,
    (forall k, s1 k = s2 k) -> forall k, apply_writes s1 ws k = apply_writes s2 ws k.
  Proof.
    induction ws as [|w ws IH]; simpl; intros s1 s2 E k; auto.
    apply IH. intros k'. unfold apply_write. destruct (key_eq_dec k' (fst w)); auto.
  Qed.

  Lemma apply_writes_other : forall ws st k,
    ~ In k (wkeys ws) -> apply_writes st ws k = st k.
  Proof.
    induction ws as [|w ws IH]; simpl; intros st k N; auto.
    rewrite IH by tauto. unfold apply_write.
    destruct (key_eq_dec k (fst w)); [exfalso; apply N; auto | auto].
  Qed.

  (** A key no commit in [[s, i)] wrote has the same value at [s] and at [i]. *)
  Lemma unwritten_stable : forall init h states, runs init h states ->
    forall k s i, s <= i -> i <= length h ->
    (forall j, s <= j < i -> ~ written h states j k) -> states s k = states i k.
  Proof.
    intros init h states [_ R] k s i Hsi Hi N.
    induction i as [|i IH].
    - assert (s = 0) by lia; subst; reflexivity.
    - destruct (Nat.eq_dec s (S i)) as [->|Hne]; [reflexivity|].
      assert (Hlt : i < length h) by lia.
      destruct (nth_error h i) as [[t s']|] eqn:E.
      2:{ apply nth_error_None in E; lia. }
      destruct (R _ _ _ E) as [_ Hst].
      rewrite Hst, apply_writes_other.
      + apply IH; [lia | lia | intros j Hj; apply N; lia].
      + intros Hin. apply (N i); [lia|]. exists t, s'. auto.
  Qed.

  Lemma serial_app1 : forall init ts t, serial init (ts ++ [t]) = serial_step (serial init ts) t.
  Proof. intros. unfold serial. rewrite fold_left_app. reflexivity. Qed.

  Lemma serial_step_ext : forall t s1 s2, body_reads_only t ->
    (forall k, s1 k = s2 k) -> forall k, serial_step s1 t k = serial_step s2 t k.
  Proof.
    intros t s1 s2 B E k. unfold serial_step.
    rewrite (B s1 s2) by (intros; apply E). apply apply_writes_ext; auto.
  Qed.

  Lemma firstn_snoc_nth : forall {A} (l : list A) i x,
    nth_error l i = Some x -> firstn (S i) l = firstn i l ++ [x].
  Proof.
    induction l as [|a l IH]; intros i x E; destruct i; simpl in *; try discriminate.
    - inversion E; reflexivity.
    - f_equal. apply IH; auto.
  Qed.
End History.

Arguments apply_write {Key Val}.
Arguments apply_writes {Key Val}.
Arguments Build_Txn {Key Val}.
Arguments reads {Key Val}.
Arguments ranges {Key Val}.
Arguments body {Key Val}.
Arguments observes {Key Val}.
Arguments body_reads_only {Key Val}.
Arguments wkeys {Key Val}.
Arguments runs {Key Val}.
Arguments written {Key Val}.
Arguments serial_step {Key Val}.
Arguments serial {Key Val}.

(** * Values kept in the log: references from the tree into log segments (issue #16)

    A value longer than the threshold is written once, in its commit's log record
    ([LogWriter.append], [OP_PUT_LOGGED]); the tree holds a reference ([format.Logged]: segment,
    offset, length, checksum) to it. This model states and proves what that design must keep:

    - every reference that the newest version, the durable checkpoint or a registered snapshot
      holds resolves, and each of them keeps reading the values it read when it was taken;
    - the collector's rewrite ([ValueCollector], applied by [CommitPipeline.stillReferenced])
      leaves the map unchanged;
    - releasing a segment ([LogWriter.releaseUpTo]) under the rule "no readable version refers to
      it" ([LiveValueBytes], the oldest registered reader) breaks none of them;
    - after a power loss, the checkpoint's tree resolves against what stable storage holds,
      because a checkpoint forces the records its tree refers to before its superblock
      ([Checkpointer.writeFreeList] prepares that force, [LogWriter.force] runs it), and replay
      makes references only to records it read ([LogReplayer], [RecordCodec.decode]).

    What is abstracted (stated honestly):
    - A reference is (segment, slot); offsets, lengths and checksums are abstracted into "a slot
      holds one value" (the checksum check on read is [SegmentValues.read]; a damaged value is a
      [CorruptionException], modelled by [Recovery.v]'s CRC hypotheses, not here).
    - Values stored inline or out of line hold no reference and are not modelled; the tree is a
      function from keys to references ([btree/Refinement.v] proves the B+tree implements a map).
    - A segment is never written again once released: segment names are start sequence numbers
      and a recycled spare gets a new one ([LogWriter.openSegment]); so a released segment stays
      released ([present] never goes back to true) and appends go to fresh slots.
    - A power loss keeps, for each segment, either its durable contents or nothing more: the
      finer crash model (torn records, lost tails, the prefix property of replay) is
      [Recovery.v]'s; here a crash keeps exactly what was forced ([crash]).
    - Threads are interleaved steps; each step is what one holder of the commit lock (or a
      checkpoint's forced write) does atomically in the Java. *)

From Coq Require Import List Arith Bool Relations.
Import ListNotations.

Section ValueRefs.
  Variable Key Val : Type.
  Variable key_eq_dec : forall a b : Key, {a = b} + {a <> b}.

  (** [format.Logged]: where a value lies. *)
  Record Ref := mkRef { rseg : nat; rslot : nat }.

  (** Log contents: segment -> slot -> value. *)
  Definition Log := nat -> nat -> option Val.
  (** A version's tree, as far as references go ([CowTree] as a map, [StoredValue] = [Logged]). *)
  Definition Tree := Key -> option Ref.
  (** The key-value map a version stands for (the specification's map). *)
  Definition Map := Key -> option Val.

  Record State := mkState {
    cur : Log;                  (** what reads return (the OS page cache) *)
    dur : Log;                  (** what stable storage holds *)
    present : nat -> bool;      (** the segment file exists (not released) *)
    head : Tree;                (** the newest published version *)
    hmap : Map;                 (** the map it stands for *)
    ck : Tree;                  (** the durable checkpoint's tree *)
    ckmap : Map;                (** the map it stands for *)
    snaps : list (Tree * Map)   (** registered readers: a version and the map it read *)
  }.

  (** [SegmentValues.read]: the value a reference leads to, if its segment still exists. *)
  Definition resolve (l : Log) (p : nat -> bool) (t : Tree) (k : Key) : option Val :=
    match t k with
    | None => None
    | Some r => if p (rseg r) then l (rseg r) (rslot r) else None
    end.

  (** Every reference of [t] leads to a value. *)
  Definition refs_ok (l : Log) (p : nat -> bool) (t : Tree) : Prop :=
    forall k r, t k = Some r -> p (rseg r) = true /\ l (rseg r) (rslot r) <> None.

  (** [t] reads exactly [m]. *)
  Definition reads (l : Log) (p : nat -> bool) (t : Tree) (m : Map) : Prop :=
    refs_ok l p t /\ forall k, resolve l p t k = m k.

  (** No version in [ts] refers to segment [seg]. *)
  Definition unreferenced (ts : list Tree) (seg : nat) : Prop :=
    forall t, In t ts -> forall k r, t k = Some r -> rseg r <> seg.

  Definition upd_log (l : Log) (seg slot : nat) (v : Val) : Log :=
    fun s o => if (s =? seg) && (o =? slot) then Some v else l s o.
  Definition upd_tree (t : Tree) (k : Key) (x : option Ref) : Tree :=
    fun k' => if key_eq_dec k' k then x else t k'.
  Definition upd_map (m : Map) (k : Key) (x : option Val) : Map :=
    fun k' => if key_eq_dec k' k then x else m k'.

  (** The steps. *)
  Inductive step : State -> State -> Prop :=
  (** [CommitPipeline.runGroup]: [LogWriter.append] puts value [v] in a fresh slot of a live
      segment, then [CowTree.apply] points key [k] at it (invariant (5) of the pipeline: the
      record first). Unforced. *)
  | step_put : forall s k v seg slot,
      present s seg = true -> cur s seg slot = None ->
      step s (mkState (upd_log (cur s) seg slot v) (dur s) (present s)
                (upd_tree (head s) k (Some (mkRef seg slot))) (upd_map (hmap s) k (Some v))
                (ck s) (ckmap s) (snaps s))
  (** A delete (or an overwrite by a value that is not kept in the log). *)
  | step_delete : forall s k,
      step s (mkState (cur s) (dur s) (present s) (upd_tree (head s) k None) (upd_map (hmap s) k None)
                (ck s) (ckmap s) (snaps s))
  (** [LogWriter.sync], [roll], [force] (with or without the commit lock): a segment's written
      records become durable. *)
  | step_force : forall s seg,
      step s (mkState (cur s) (fun g o => if g =? seg then cur s g o else dur s g o) (present s)
                (head s) (hmap s) (ck s) (ckmap s) (snaps s))
  (** [Engine.openView]: a snapshot, cursor, transaction or the collector's view registers the
      newest version. *)
  | step_register : forall s,
      step s (mkState (cur s) (dur s) (present s) (head s) (hmap s) (ck s) (ckmap s) ((head s, hmap s) :: snaps s))
  (** [View.close]: any registered reader goes away. *)
  | step_unregister : forall s before after x,
      snaps s = before ++ x :: after ->
      step s (mkState (cur s) (dur s) (present s) (head s) (hmap s) (ck s) (ckmap s) (before ++ after))
  (** [Checkpointer.run]: the superblock of the newest version becomes durable only after
      every record its tree refers to is ([writeFreeList] prepares the log force, [run] makes it
      before [CheckpointWriter.commit]); modelled as the precondition that they are. *)
  | step_checkpoint : forall s,
      (forall k r, head s k = Some r -> dur s (rseg r) (rslot r) = cur s (rseg r) (rslot r)) ->
      step s (mkState (cur s) (dur s) (present s) (head s) (hmap s) (head s) (hmap s) (snaps s))
  (** [LogWriter.releaseUpTo] after a durable checkpoint: a segment no readable version refers
      to (the newest, the checkpoint's, every registered reader's: [LiveValueBytes.releasable]
      with the oldest reader) is deleted or renamed to a spare. *)
  | step_release : forall s seg,
      unreferenced (head s :: ck s :: map fst (snaps s)) seg ->
      step s (mkState (fun g o => if g =? seg then None else cur s g o) (fun g o => if g =? seg then None else dur s g o)
                (fun g => if g =? seg then false else present s g) (head s) (hmap s) (ck s) (ckmap s) (snaps s))
  (** The collector's rewrite ([ValueCollector.nextBatch] read [old] through a registered view;
      [CommitPipeline.stillReferenced] applies it only if [k] still holds [old]): the value read
      is appended to a fresh slot and [k] points there. *)
  | step_collect : forall s k old v seg slot,
      resolve (cur s) (present s) (fun _ => Some old) k = Some v ->
      present s seg = true -> cur s seg slot = None ->
      step s (mkState (upd_log (cur s) seg slot v) (dur s) (present s)
                (if match head s k with Some r => (rseg r =? rseg old) && (rslot r =? rslot old) | None => false end
                 then upd_tree (head s) k (Some (mkRef seg slot)) else head s)
                (hmap s) (ck s) (ckmap s) (snaps s)).

  (** A power loss: stable storage is what remains; opening starts from the checkpoint
      ([Recovery.recover]), with no reader registered. *)
  Definition crash (s : State) : State :=
    mkState (dur s) (dur s) (present s) (ck s) (ckmap s) (ck s) (ckmap s) [].

  (** [LogReplayer] after a crash: a record it reads (durable, valid) is applied, the tree
      pointing at the value where the record holds it. *)
  Inductive replay_step : State -> State -> Prop :=
  | replay_put : forall s k v seg slot,
      present s seg = true -> dur s seg slot = Some v ->
      replay_step s (mkState (cur s) (dur s) (present s)
                       (upd_tree (head s) k (Some (mkRef seg slot))) (upd_map (hmap s) k (Some v))
                       (ck s) (ckmap s) (snaps s)).

  (** ** The invariant *)
  Definition inv (s : State) : Prop :=
    (** stable storage never holds what reads would not return (slots are written once) *)
    (forall g o v, dur s g o = Some v -> cur s g o = Some v) /\
    (** a released segment holds nothing *)
    (forall g o, present s g = false -> cur s g o = None) /\
    reads (cur s) (present s) (head s) (hmap s) /\
    reads (cur s) (present s) (ck s) (ckmap s) /\
    reads (dur s) (present s) (ck s) (ckmap s) /\
    Forall (fun tm => reads (cur s) (present s) (fst tm) (snd tm)) (snaps s).

  (** *** Helper lemmas *)
  Lemma upd_log_other : forall l seg slot v g o,
    l seg slot = None -> l g o <> None -> upd_log l seg slot v g o = l g o.
  Proof.
    intros l seg slot v g o Hfree Hset. unfold upd_log.
    destruct (g =? seg) eqn:E1; destruct (o =? slot) eqn:E2; simpl; auto.
    apply Nat.eqb_eq in E1; apply Nat.eqb_eq in E2; subst. contradiction.
  Qed.

  (** Writing a fresh slot changes nothing a tree whose references all resolve reads. *)
  Lemma reads_fresh_write : forall l p t m seg slot v,
    l seg slot = None -> reads l p t m -> reads (upd_log l seg slot v) p t m.
  Proof.
    intros l p t m seg slot v Hfree [Hok Hr]. split.
    - intros k r Ht. destruct (Hok k r Ht) as [Hp Hl]. split; auto.
      rewrite upd_log_other; auto.
    - intros k. rewrite <- Hr. unfold resolve. destruct (t k) as [r|] eqn:Ht; auto.
      destruct (p (rseg r)) eqn:Hp; auto.
      destruct (Hok k r Ht) as [_ Hl]. apply upd_log_other; auto.
  Qed.

  Lemma forall_reads_fresh_write : forall l p ts seg slot v,
    l seg slot = None ->
    Forall (fun tm => reads l p (fst tm) (snd tm)) ts ->
    Forall (fun tm => reads (upd_log l seg slot v) p (fst tm) (snd tm)) ts.
  Proof.
    intros. eapply Forall_impl; [|eassumption]. intros [t m] H'. apply reads_fresh_write; auto.
  Qed.

  Lemma upd_log_same : forall l seg slot v, upd_log l seg slot v seg slot = Some v.
  Proof. intros. unfold upd_log. rewrite !Nat.eqb_refl. reflexivity. Qed.

  (** Pointing a key at a written slot of a live segment keeps a tree reading its map. *)
  Lemma reads_point : forall l p t m k seg slot v,
    reads l p t m -> p seg = true -> l seg slot = Some v ->
    reads l p (upd_tree t k (Some (mkRef seg slot))) (upd_map m k (Some v)).
  Proof.
    intros l p t m k seg slot v [Hok Hr] Hp Hl. split.
    - intros k' r Ht. unfold upd_tree in Ht. destruct (key_eq_dec k' k).
      + inversion Ht; subst; simpl. split; [exact Hp | rewrite Hl; discriminate].
      + exact (Hok k' r Ht).
    - intros k'. unfold resolve, upd_tree, upd_map. destruct (key_eq_dec k' k); simpl.
      + rewrite Hp. exact Hl.
      + apply Hr.
  Qed.

  Lemma reads_delete : forall l p t m k,
    reads l p t m -> reads l p (upd_tree t k None) (upd_map m k None).
  Proof.
    intros l p t m k [Hok Hr]. split.
    - intros k' r Ht. unfold upd_tree in Ht. destruct (key_eq_dec k' k); [discriminate|exact (Hok k' r Ht)].
    - intros k'. unfold resolve, upd_tree, upd_map. destruct (key_eq_dec k' k); auto. apply Hr.
  Qed.

  (** Releasing a segment no reference leads into changes nothing a tree reads. *)
  Lemma reads_release : forall l p t m seg,
    (forall k r, t k = Some r -> rseg r <> seg) -> reads l p t m ->
    reads (fun g o => if g =? seg then None else l g o) (fun g => if g =? seg then false else p g) t m.
  Proof.
    intros l p t m seg Hun [Hok Hr]. split.
    - intros k r Ht. pose proof (Hun k r Ht) as Hn. apply Nat.eqb_neq in Hn. rewrite Hn. exact (Hok k r Ht).
    - intros k. rewrite <- Hr. unfold resolve. destruct (t k) as [r|] eqn:Ht; auto.
      specialize (Hun k r Ht). apply Nat.eqb_neq in Hun. rewrite Hun. reflexivity.
  Qed.

  (** A tree whose references are durable reads the same from stable storage as from the cache. *)
  Lemma reads_forced : forall l l' p t m,
    (forall k r, t k = Some r -> l' (rseg r) (rslot r) = l (rseg r) (rslot r)) ->
    reads l p t m -> reads l' p t m.
  Proof.
    intros l l' p t m Hsame [Hok Hr]. split.
    - intros k r Ht. rewrite (Hsame k r Ht). exact (Hok k r Ht).
    - intros k. rewrite <- Hr. unfold resolve. destruct (t k) as [r|] eqn:Ht; auto.
      rewrite (Hsame k r Ht). reflexivity.
  Qed.

  (** [reads] only depends on the slots a tree refers to. *)
  Lemma reads_dur_after_force : forall s seg,
    inv s ->
    reads (fun g o => if g =? seg then cur s g o else dur s g o) (present s) (ck s) (ckmap s).
  Proof.
    intros s seg (Hdc & _ & _ & Hck & Hckd & _).
    apply (reads_forced (dur s)); auto.
    intros k r Ht. destruct (rseg r =? seg) eqn:E; auto.
    destruct Hckd as [Hok _]. destruct (Hok k r Ht) as [_ Hl].
    destruct (dur s (rseg r) (rslot r)) as [v|] eqn:Hd; [|contradiction].
    rewrite (Hdc _ _ _ Hd). reflexivity.
  Qed.

  (** Writing a fresh slot of a live segment keeps "stable storage only holds what reads
      return" and "a released segment holds nothing". *)
  Lemma fresh_write_storage : forall (c d : Log) (p : nat -> bool) seg slot v,
    (forall g o v', d g o = Some v' -> c g o = Some v') ->
    (forall g o, p g = false -> c g o = None) ->
    p seg = true -> c seg slot = None ->
    (forall g o v', d g o = Some v' -> upd_log c seg slot v g o = Some v') /\
    (forall g o, p g = false -> upd_log c seg slot v g o = None).
  Proof.
    intros c d p seg slot v Hdc Hrel Hp Hfree. split.
    - intros g o v' Hd. specialize (Hdc g o v' Hd). unfold upd_log.
      destruct ((g =? seg) && (o =? slot)) eqn:E; auto.
      apply andb_true_iff in E. destruct E as [E1 E2]. apply Nat.eqb_eq in E1; apply Nat.eqb_eq in E2; subst. congruence.
    - intros g o Hp'. unfold upd_log. destruct ((g =? seg) && (o =? slot)) eqn:E; auto.
      apply andb_true_iff in E. destruct E as [E1 _]. apply Nat.eqb_eq in E1; subst. congruence.
  Qed.

  (** *** The invariant is kept by every step *)
  Theorem refs_inv_step : forall s s', inv s -> step s s' -> inv s'.
  Proof.
    intros s s' Hinv Hstep.
    destruct Hinv as (Hdc & Hrel & Hhead & Hck & Hckd & Hsn).
    destruct Hstep; unfold inv; simpl in *.
    - (* put *)
      split; [|split; [|split; [|split; [|split]]]].
      + exact (proj1 (fresh_write_storage (cur s) (dur s) (present s) seg slot v Hdc Hrel H H0)).
      + exact (proj2 (fresh_write_storage (cur s) (dur s) (present s) seg slot v Hdc Hrel H H0)).
      + apply reads_point; auto. apply reads_fresh_write; auto. apply upd_log_same.
      + apply reads_fresh_write; auto.
      + exact Hckd.
      + apply forall_reads_fresh_write; auto.
    - (* delete *)
      split; [|split; [|split; [|split; [|split]]]]; auto.
      apply reads_delete; auto.
    - (* force *)
      split; [|split; [|split; [|split; [|split]]]]; auto.
      + intros g o v Hd. destruct (g =? seg); auto.
      + apply reads_dur_after_force. exact (conj Hdc (conj Hrel (conj Hhead (conj Hck (conj Hckd Hsn))))).
    - (* register *)
      split; [|split; [|split; [|split; [|split]]]]; auto.
    - (* unregister *)
      split; [|split; [|split; [|split; [|split]]]]; auto.
      rewrite H in Hsn. apply Forall_app in Hsn. destruct Hsn as [Hb Ha]. inversion Ha; subst.
      apply Forall_app. split; auto.
    - (* checkpoint *)
      split; [|split; [|split; [|split; [|split]]]]; auto.
      apply (reads_forced (cur s)); auto.
    - (* release *)
      assert (Hh : forall k r, head s k = Some r -> rseg r <> seg) by (apply H; simpl; auto).
      assert (Hc : forall k r, ck s k = Some r -> rseg r <> seg) by (apply H; simpl; auto).
      split; [|split; [|split; [|split; [|split]]]].
      + intros g o v Hd. destruct (g =? seg); [discriminate|auto].
      + intros g o Hp. destruct (g =? seg); auto.
      + apply reads_release; auto.
      + apply reads_release; auto.
      + apply reads_release; auto.
      + rewrite Forall_forall in *. intros [t m] Hin. apply reads_release.
        * apply H. right. right. apply in_map_iff. exists (t, m). auto.
        * exact (Hsn (t, m) Hin).
    - (* collect *)
      assert (Hfresh : cur s seg slot = None) by assumption.
      assert (Hhead' : reads (upd_log (cur s) seg slot v) (present s) (head s) (hmap s))
        by (apply reads_fresh_write; auto).
      split; [|split; [|split; [|split; [|split]]]].
      + exact (proj1 (fresh_write_storage (cur s) (dur s) (present s) seg slot v Hdc Hrel H0 H1)).
      + exact (proj2 (fresh_write_storage (cur s) (dur s) (present s) seg slot v Hdc Hrel H0 H1)).
      + destruct (head s k) as [r|] eqn:Hk; [|exact Hhead'].
        destruct ((rseg r =? rseg old) && (rslot r =? rslot old)) eqn:Eq; [|exact Hhead'].
        apply andb_true_iff in Eq. destruct Eq as [E1 E2]. apply Nat.eqb_eq in E1; apply Nat.eqb_eq in E2.
        (* k still holds [old]: it read [v] there; it now reads [v] at the new slot *)
        destruct Hhead' as [Hok Hr]. split.
        * intros k' r' Ht. unfold upd_tree in Ht. destruct (key_eq_dec k' k).
          -- inversion Ht; subst; simpl. rewrite upd_log_same. split; [exact H0|discriminate].
          -- exact (Hok k' r' Ht).
        * intros k'. unfold resolve at 1, upd_tree. destruct (key_eq_dec k' k).
          -- subst k'. simpl. rewrite H0, upd_log_same.
             (* hmap s k is what k read at [old], which is [v] *)
             destruct Hhead as [_ Hr0]. rewrite <- (Hr0 k). unfold resolve. rewrite Hk.
             unfold resolve in H. simpl in H. rewrite E1, E2. exact (eq_sym H).
          -- apply Hr.
      + apply reads_fresh_write; auto.
      + exact Hckd.
      + apply forall_reads_fresh_write; auto.
  Qed.

  (** *** What the steps give *)

  (** Theorem: through any sequence of steps, the newest version reads the map it stands for,
      and every registered reader keeps reading the map it read when it registered, whatever
      was put, deleted, forced, checkpointed, released or collected meanwhile. *)
  Theorem refs_resolve_and_readers_stable : forall s s',
    inv s -> clos_refl_trans _ step s s' ->
    inv s' /\ reads (cur s') (present s') (head s') (hmap s') /\
    Forall (fun tm => reads (cur s') (present s') (fst tm) (snd tm)) (snaps s').
  Proof.
    intros s s' Hinv Hrt. revert Hinv. induction Hrt as [x y Hxy| x | x y z _ IH1 _ IH2]; intros Hinv.
    - pose proof (refs_inv_step _ _ Hinv Hxy) as Hy. split; [exact Hy|].
      destruct Hy as (a & b & c & d & e & f). split; [exact c | exact f].
    - split; [exact Hinv|]. destruct Hinv as (a & b & c & d & e & f). split; [exact c | exact f].
    - destruct (IH1 Hinv) as [Hy _]. exact (IH2 Hy).
  Qed.

  (** Theorem: the collector's rewrite changes no map: the newest version's (the step keeps
      [hmap]) and, by [refs_inv_step], what it reads. *)
  Theorem collect_preserves_map : forall s k old v seg slot,
    inv s ->
    resolve (cur s) (present s) (fun _ => Some old) k = Some v ->
    present s seg = true -> cur s seg slot = None ->
    exists s', step s s' /\ hmap s' = hmap s /\ snaps s' = snaps s /\
      forall k', resolve (cur s') (present s') (head s') k' = hmap s k'.
  Proof.
    intros s k old v seg slot Hinv Hread Hp Hfree.
    eexists. split; [eapply step_collect; eauto|]. split; [reflexivity|]. split; [reflexivity|].
    pose proof (refs_inv_step _ _ Hinv (step_collect s k old v seg slot Hread Hp Hfree)) as (_ & _ & [_ Hr] & _).
    exact Hr.
  Qed.

  (** Theorem: after a power loss at any point, the recovered tree (the checkpoint's) resolves
      every reference against what stable storage kept and reads the checkpoint's map; so does
      every later replayed record's reference, and the invariant holds again. *)
  Theorem crash_recovery_resolves : forall s,
    inv s -> inv (crash s) /\ reads (dur s) (present s) (ck s) (ckmap s).
  Proof.
    intros s (Hdc & Hrel & Hhead & Hck & Hckd & Hsn). unfold crash, inv; simpl.
    split; [|exact Hckd].
    split; [|split; [|split; [|split; [|split]]]]; auto.
    intros g o Hp. destruct (dur s g o) as [v|] eqn:Hd; auto.
    specialize (Hdc g o v Hd). rewrite (Hrel g o Hp) in Hdc. discriminate.
  Qed.

  Theorem inv_replay_step : forall s s', inv s -> replay_step s s' -> inv s'.
  Proof.
    intros s s' (Hdc & Hrel & Hhead & Hck & Hckd & Hsn) Hstep. destruct Hstep; unfold inv; simpl.
    split; [|split; [|split; [|split; [|split]]]]; auto.
    apply reads_point; auto.
  Qed.

  (** The initial state ([DataFiles.create]: empty tree, empty log, no reader) satisfies [inv]. *)
  Theorem refs_inv_initial : inv (mkState (fun _ _ => None) (fun _ _ => None) (fun _ => true)
                                     (fun _ => None) (fun _ => None) (fun _ => None) (fun _ => None) []).
  Proof.
    unfold inv, reads, refs_ok, resolve; simpl.
    repeat split; intros; try discriminate; auto.
  Qed.
End ValueRefs.

(** * Theorem 3, the model: files with explicit fsync, the log, the superblock slots, the
    checkpoint and recovery protocol (see [proofs/README.md] for the map to the Java).

    What is abstracted (stated honestly):
    - A commit is an abstract [Tx] and the database state an abstract [St] with [apply]
      ([CowTree.put]/[delete] of a record's operations; theorem 1 is about those).
    - The log is an array of record slots indexed by sequence number: slot [n] is where record
      [n] is written ([LogWriter.append]). Segments, offsets and 8-byte framing are abstracted:
      a roll ([LogWriter.roll]) forces before the next segment, which the model's single array
      needs no step for; [LogReplayer]'s rule "damage in a segment that is not the last is
      corruption" is not modelled (the model's replayer applies the last-segment rule
      everywhere); a recycled spare's old records are modelled as arbitrary content invalid at
      its slot ([step_open_inval], [step_release]).
    - The tree pages and free list a checkpoint writes are one image at a fresh address
      ([CheckpointWriter.writePages], [writeFreeList]); the allocator's guarantee that it never
      hands out an extent the durable checkpoint uses is the precondition of [step_ck_pages].
    - Out-of-line values are not modelled (no [OutOfLine] reference); so neither is the data-file force
      before a log force ([CommitPipeline.forceValuesLocked]).
    - The model's log holds at most [N] records (any [N]): the replay reads slots up to [N].

    The outside world is stated as the named hypotheses of section [Recovery]:
    [crc_*] (a torn write fails its checksum; an intact encoding decodes),
    [fsync_means_durable] and [unsynced_write_lost_kept_or_torn] (the crash model). *)

From Coq Require Import List Arith Lia Bool.
Import ListNotations.

Section Recovery.
  (** ** Commits and states *)
  Variable Tx St : Type.
  (** [Recovery.recover]'s visitor / [CommitPipeline.runGroup]: apply one commit's operations. *)
  Variable apply : St -> Tx -> St.
  (** The empty tree of [DataFiles.create]. *)
  Variable st0 : St.
  Definition applyn (T : list Tx) : St := fold_left apply T st0.

  (** ** On-disk structures *)
  (** The bytes at one location (abstract). *)
  Variable Raw : Type.

  (** A log record ([wal.LogRecord], framed by [RecordCodec.encode]): its sequence number,
      [syncedUpTo] and operations. *)
  Record Rec := mkRec { rseq : nat; rsynced : nat; rtx : Tx }.
  (** A superblock ([format.Superblock]): generation, sequence, and where the checkpoint's tree
      is ([rootAddress]; the image's checksum is its [rootChecksum]). *)
  Record Sb := mkSb { sgen : nat; sseq : nat; sroot : nat }.

  Variable enc_rec : Rec -> Raw.
  (** [RecordCodec.checksumOk] + [decode]: [None] when the checksum fails. *)
  Variable dec_rec : Raw -> option Rec.
  Variable enc_sb : Sb -> Raw.
  (** [Superblock.decode]: magic, checksum (seeded with the slot offset), fields. *)
  Variable dec_sb : Raw -> option Sb.
  Variable enc_img : St -> Raw.
  (** Reading the checkpoint's tree from its root ([PageReader], checksums per page). *)
  Variable dec_img : Raw -> option St.

  (** [torn old new x]: [x] is what a crash in the middle of writing [new] over [old] can leave
      (some sectors old, some new, neither all old nor all new). *)
  Variable torn : Raw -> Raw -> Raw -> Prop.

  (** Hypotheses CRC: an intact encoding decodes to what was encoded; a torn write fails its
      checksum (CRC32C over the record, seeded with the segment salt; over the superblock slot,
      seeded with its offset). Probabilistic in reality (2^-32 per damaged structure). *)
  Hypothesis crc_rec_intact : forall r, dec_rec (enc_rec r) = Some r.
  Hypothesis crc_sb_intact : forall s, dec_sb (enc_sb s) = Some s.
  Hypothesis crc_img_intact : forall x, dec_img (enc_img x) = Some x.
  Hypothesis crc_rec_torn : forall o n x, torn o n x -> dec_rec x = None.
  Hypothesis crc_sb_torn : forall o n x, torn o n x -> dec_sb x = None.

  (** ** Files with explicit fsync ([io.FileHandle]: [writeFully], [force]) *)
  Inductive Loc := LSb (i : nat) | LImg (a : nat) | LLog (n : nat).

  Definition loc_eq_dec : forall a b : Loc, {a = b} + {a <> b}.
  Proof. decide equality; apply Nat.eq_dec. Defined.

  (** [dur]: what stable storage holds; [cur]: what reads return (the OS page cache). *)
  Record Disk := mkDisk { dur : Loc -> Raw; cur : Loc -> Raw }.

  Definition is_data (l : Loc) : bool := match l with LLog _ => false | _ => true end.

  Definition upd (f : Loc -> Raw) (l : Loc) (x : Raw) : Loc -> Raw :=
    fun l' => if loc_eq_dec l' l then x else f l'.

  (** [FileHandle.writeFully]: the page cache changes, stable storage not yet. *)
  Definition write (l : Loc) (x : Raw) (d : Disk) : Disk := mkDisk (dur d) (upd (cur d) l x).

  (** [FileHandle.force] of the data file (superblocks, images) or of the log. *)
  Definition fsync_data (d : Disk) : Disk :=
    mkDisk (fun l => if is_data l then cur d l else dur d l) (cur d).
  Definition fsync_log (d : Disk) : Disk :=
    mkDisk (fun l => if is_data l then dur d l else cur d l) (cur d).

  (** A crash (power loss): [crash d m] says the machine can come back with contents [m]. *)
  Variable crash : Disk -> (Loc -> Raw) -> Prop.

  (** Hypothesis "fsync means durable": a location whose latest write was forced survives. *)
  Hypothesis fsync_means_durable : forall d m, crash d m -> forall l, dur d l = cur d l -> m l = cur d l.
  (** Hypothesis: an unforced write is lost, kept, or torn; nothing else happens to a location. *)
  Hypothesis unsynced_write_lost_kept_or_torn : forall d m, crash d m ->
    forall l, m l = dur d l \/ m l = cur d l \/ torn (dur d l) (cur d l) (m l).

  (** ** Recovery ([recovery.Recovery.recover]) *)
  (** The log holds at most [N] records in the model. *)
  Variable N : nat.

  (** [LogReplayer.SegmentScan.recordAt]: the valid record with sequence [n] in slot [n]. *)
  Definition rec_ok (n : nat) (x : Raw) : option Rec :=
    match dec_rec x with Some r => if rseq r =? n then Some r else None | None => None end.

  (** [DataFiles.readSlot] + [Superblock.validate]: slot [i] holds a valid superblock whose
      generation belongs in that slot ([slotOffset(generation) == offset]). *)
  Definition slot_sb (m : Loc -> Raw) (i : nat) : option Sb :=
    match dec_sb (m (LSb i)) with
    | Some s => if sgen s mod 2 =? i then Some s else None
    | None => None
    end.

  (** [DataFiles.chooseSuperblock]: the valid slot with the higher generation. *)
  Definition choose_sb (m : Loc -> Raw) : option Sb :=
    match slot_sb m 0, slot_sb m 1 with
    | Some a, Some b => Some (if sgen a <? sgen b then b else a)
    | Some a, None => Some a
    | None, Some b => Some b
    | None, None => None
    end.

  (** [LogReplayer.SegmentScan.run]: apply consecutive valid records from slot [n] on; returns
      where the log ends (the first invalid slot) and the state. *)
  Fixpoint replay (m : Loc -> Raw) (fuel n : nat) (st : St) : nat * St :=
    match fuel with
    | 0 => (n, st)
    | S f =>
      match rec_ok n (m (LLog n)) with
      | Some r => replay m f (S n) (apply st (rtx r))
      | None => (n, st)
      end
    end.

  (** [LogReplayer.SegmentScan.endOfLog]: some later valid record says record [e] was durable
      ([syncedUpTo >= e]): the damage is corruption, not a torn tail. *)
  Definition vouched (m : Loc -> Raw) (e : nat) : bool :=
    existsb (fun q => match rec_ok q (m (LLog q)) with Some r => e <=? rsynced r | None => false end)
            (seq (S e) (N - e)).

  (** Recovery: [Some (k, state, superblock)] when the database opens with commits [1..k];
      [None] when it fails ([CorruptionException]). *)
  Definition recover (m : Loc -> Raw) : option (nat * St * Sb) :=
    match choose_sb m with
    | None => None
    | Some s =>
      match dec_img (m (LImg (sroot s))) with
      | None => None
      | Some st =>
        let (e, st') := replay m (N - sseq s) (S (sseq s)) st in
        if vouched m e then None else Some (pred e, st', s)
      end
    end.

  (** ** The engine as a transition system *)
  (** [Opening false]: recovery done, nothing written yet ([Engine] constructor before the
      [LogWriter]); [Opening true]: files forced; [Down]: the process is gone. *)
  Inductive Mode := Running | Down | Opening (forced : bool).

  (** The checkpoint in progress ([Checkpointer.run]): image at [a] of the first [q] commits
      written ([Pages]), data file forced ([Forced]), superblock written ([Written]). *)
  Inductive Phase := Idle | Pages (a q : nat) | Forced (a q : nat) | Written (a q : nat).

  Record Sys := mkSys {
    disk : Disk;
    mode : Mode;
    txs : list Tx;   (** the committed commits, commit [n] at index [n-1] (ghost + engine) *)
    dseq : nat;      (** [LogWriter.durableSeq] *)
    acked : nat;     (** ghost: every commit acknowledged under SYNC has a sequence <= this *)
    dsb : Sb;        (** [Engine.durable]: the superblock recovery or the last checkpoint chose *)
    phase : Phase
  }.

  Definition set_disk d s := mkSys d (mode s) (txs s) (dseq s) (acked s) (dsb s) (phase s).

  Definition log_set (P : nat -> bool) (f : nat -> Raw) (g : Loc -> Raw) : Loc -> Raw :=
    fun l => match l with LLog n => if P n then f n else g l | _ => g l end.

  Inductive step : Sys -> Sys -> Prop :=
  (** [CommitPipeline.runGroup] → [LogWriter.append] + [flush]: record [L+1] with
      [syncedUpTo = durableSeq] reaches the page cache; the commit is published. *)
  | step_commit : forall s tx, mode s = Running -> length (txs s) < N ->
      step s (mkSys (write (LLog (S (length (txs s))))
                           (enc_rec (mkRec (S (length (txs s))) (dseq s) tx)) (disk s))
                    Running (txs s ++ [tx]) (dseq s) (acked s) (dsb s) (phase s))
  (** [LogWriter.sync]: force the log; [durableSeq = lastSeq]. *)
  | step_sync : forall s, mode s = Running ->
      step s (mkSys (fsync_log (disk s)) Running (txs s) (length (txs s)) (acked s) (dsb s) (phase s))
  (** [CommitPipeline.finish] of a SYNC group after [syncLocked]: every commit up to
      [durableSeq] may be acknowledged as durable. *)
  | step_ack : forall s, mode s = Running ->
      step s (mkSys (disk s) Running (txs s) (dseq s) (dseq s) (dsb s) (phase s))
  (** [CheckpointWriter.writePages] / [writeFreeList] of the published version, to an extent the
      durable checkpoint does not use ([ExtentAllocator]). *)
  | step_ck_pages : forall s a, mode s = Running -> phase s = Idle -> a <> sroot (dsb s) ->
      step s (mkSys (write (LImg a) (enc_img (applyn (txs s))) (disk s)) Running (txs s) (dseq s)
                    (acked s) (dsb s) (Pages a (length (txs s))))
  (** [CheckpointWriter.commit], first [force]. *)
  | step_ck_force : forall s a q, mode s = Running -> phase s = Pages a q ->
      step s (mkSys (fsync_data (disk s)) Running (txs s) (dseq s) (acked s) (dsb s) (Forced a q))
  (** [CheckpointWriter.commit]: the superblock, generation + 1, to slot [generation % 2]. *)
  | step_ck_super : forall s a q, mode s = Running -> phase s = Forced a q ->
      step s (mkSys (write (LSb (S (sgen (dsb s)) mod 2)) (enc_sb (mkSb (S (sgen (dsb s))) q a)) (disk s))
                    Running (txs s) (dseq s) (acked s) (dsb s) (Written a q))
  (** [CheckpointWriter.commit], second [force]; [EngineState.durable] becomes the new superblock. *)
  | step_ck_sync : forall s a q, mode s = Running -> phase s = Written a q ->
      step s (mkSys (fsync_data (disk s)) Running (txs s) (dseq s) (acked s)
                    (mkSb (S (sgen (dsb s))) q a) Idle)
  (** [LogWriter.releaseUpTo] after a checkpoint, and the [Engine] constructor's deletion of
      obsolete segments: slots of records the durable checkpoint covers become arbitrary. *)
  | step_release : forall s f, mode s = Running ->
      step s (set_disk (mkDisk (log_set (fun n => n <=? sseq (dsb s)) f (dur (disk s)))
                               (log_set (fun n => n <=? sseq (dsb s)) f (cur (disk s)))) s)
  (** kill -9: the process dies, the page cache survives. *)
  | step_kill : forall s,
      step s (mkSys (disk s) Down (txs s) (dseq s) (acked s) (dsb s) Idle)
  (** Power loss: the disk becomes a possible crash outcome; the commits that survive are the
      ones recovery finds (the ghost history continues from them). The side condition that
      recovery succeeds excludes nothing: [crash_recovery_succeeds] proves it for every outcome. *)
  | step_crash : forall s m k st b, crash (disk s) m -> recover m = Some (k, st, b) ->
      step s (mkSys (mkDisk m m) Down (firstn k (txs s)) k (acked s) (dsb s) Idle)
  (** [Engine.open] → [Recovery.recover]: reads what the page cache returns. *)
  | step_recover : forall s k st b, mode s = Down -> recover (cur (disk s)) = Some (k, st, b) ->
      step s (mkSys (disk s) (Opening false) (firstn k (txs s)) (dseq s) (acked s) b Idle)
  (** [Engine] constructor: force the data file (added after this model showed it is needed:
      the superblock recovery read may be only in the page cache; regression test
      [UnforcedSuperblockAtOpenTest]) and the log ([LogWriter] constructor);
      [durableSeq = nextSeq - 1]. *)
  | step_open_force : forall s, mode s = Opening false ->
      step s (mkSys (fsync_log (fsync_data (disk s))) (Opening true) (txs s) (length (txs s))
                    (acked s) (dsb s) Idle)
  (** [LogWriter] constructor → [openSegment(nextSeq)]: a new segment, forced and durably
      named, holds no valid record from [nextSeq] on (zeros, or a spare's old records). *)
  | step_open_inval : forall s f, mode s = Opening true ->
      (forall n, length (txs s) < n -> rec_ok n (f n) = None) ->
      step s (set_disk (mkDisk (log_set (fun n => length (txs s) <? n) f (dur (disk s)))
                               (log_set (fun n => length (txs s) <? n) f (cur (disk s))))
                       (mkSys (disk s) Running (txs s) (dseq s) (acked s) (dsb s) Idle)).

  Inductive reachable (init : Sys) : Sys -> Prop :=
  | reach_init : reachable init init
  | reach_step : forall s s', reachable init s -> step s s' -> reachable init s'.

  (** The state [DataFiles.create] leaves: superblock generation 1 in slot 1 over an empty
      tree image at [a0], slot 0 blank (fails to decode), no valid log record; all forced. *)
  Definition initial (s : Sys) : Prop :=
    exists a0,
      mode s = Running /\ txs s = [] /\ dseq s = 0 /\ acked s = 0 /\ phase s = Idle /\
      dsb s = mkSb 1 0 a0 /\
      (forall l, dur (disk s) l = cur (disk s) l) /\
      cur (disk s) (LSb 1) = enc_sb (mkSb 1 0 a0) /\
      dec_sb (cur (disk s) (LSb 0)) = None /\
      cur (disk s) (LImg a0) = enc_img st0 /\
      (forall n, rec_ok n (cur (disk s) (LLog n)) = None).

  (** ** The invariant *)
  Definition sbc (d : Disk) (i : nat) (x : Raw) : Prop := x = dur d (LSb i) \/ x = cur d (LSb i).
  Definition logc (d : Disk) (n : nat) (x : Raw) : Prop := x = dur d (LLog n) \/ x = cur d (LLog n).

  (** A superblock recovery may use: its image is forced and holds the first [sseq] commits. *)
  Definition good (T : list Tx) (d : Disk) (s : Sb) : Prop :=
    sseq s <= length T /\ dur d (LImg (sroot s)) = cur d (LImg (sroot s)) /\
    cur d (LImg (sroot s)) = enc_img (applyn (firstn (sseq s) T)).

  (** The superblock slots around a witness [w], the newest forced superblock: it is forced in
      its slot; every valid superblock (page cache or disk, either slot) is at most one
      generation newer, and those not older than [w] are good and not behind it. *)
  Definition sb_inv (T : list Tx) (d : Disk) (w : Sb) : Prop :=
    dur d (LSb (sgen w mod 2)) = cur d (LSb (sgen w mod 2)) /\
    dec_sb (cur d (LSb (sgen w mod 2))) = Some w /\
    good T d w /\
    (forall i x s, sbc d i x -> dec_sb x = Some s -> sgen s mod 2 = i ->
       sgen s <= S (sgen w) /\ (sgen w <= sgen s -> good T d s /\ sseq w <= sseq s)) /\
    (forall i s, dec_sb (dur d (LSb i)) = Some s -> sgen s mod 2 = i -> sgen w < sgen s ->
       cur d (LSb i) = dur d (LSb i)).

  (** The log after [B]: record [n] of [T] is in the page cache at slot [n]; forced up to [D];
      a record not known durable says so ([syncedUpTo <= D]); beyond [T] no valid record that
      could vouch for a damaged one, and slot [L+1] holds none. *)
  Definition log_inv (T : list Tx) (D : nat) (d : Disk) (B : nat) : Prop :=
    (forall n, B < n <= length T -> exists y tx,
        nth_error T (pred n) = Some tx /\ cur d (LLog n) = enc_rec (mkRec n y tx) /\
        (D < n -> y <= D) /\ (n <= D -> dur d (LLog n) = cur d (LLog n)) /\
        (dur d (LLog n) = cur d (LLog n) \/ rec_ok n (dur d (LLog n)) = None)) /\
    (forall n x r, length T < n -> logc d n x -> rec_ok n x = Some r ->
        S (length T) < n /\ rsynced r <= D).

  Definition phase_inv (T : list Tx) (d : Disk) (b : Sb) (p : Phase) : Prop :=
    match p with
    | Idle => True
    | Pages a q => q <= length T /\ sseq b <= q /\ a <> sroot b /\
        cur d (LImg a) = enc_img (applyn (firstn q T))
    | Forced a q => q <= length T /\ sseq b <= q /\ a <> sroot b /\
        cur d (LImg a) = enc_img (applyn (firstn q T)) /\ dur d (LImg a) = cur d (LImg a)
    | Written a q => q <= length T /\ sseq b <= q /\ a <> sroot b /\
        cur d (LImg a) = enc_img (applyn (firstn q T)) /\ dur d (LImg a) = cur d (LImg a) /\
        cur d (LSb (S (sgen b) mod 2)) = enc_sb (mkSb (S (sgen b)) q a)
    end.

  Definition mode_inv (s : Sys) (w : Sb) : Prop :=
    let d := disk s in let T := txs s in
    match mode s with
    | Running => w = dsb s /\ phase_inv T d w (phase s) /\
        (forall i x b, sbc d i x -> dec_sb x = Some b -> sgen b mod 2 = i -> sgen b = S (sgen w) ->
           phase s = Written (sroot b) (sseq b)) /\
        (forall n x, length T < n -> logc d n x -> rec_ok n x = None)
    | Opening true => w = dsb s /\
        (forall i x b, sbc d i x -> dec_sb x = Some b -> sgen b mod 2 = i -> sgen b <= sgen w)
    | Opening false =>
        dec_sb (cur d (LSb (sgen (dsb s) mod 2))) = Some (dsb s) /\ good T d (dsb s) /\
        sseq w <= sseq (dsb s) /\
        (forall i b, dec_sb (cur d (LSb i)) = Some b -> sgen b mod 2 = i -> sgen b <= sgen (dsb s))
    | Down => True
    end.

  Definition Inv (s : Sys) : Prop :=
    acked s <= dseq s /\ dseq s <= length (txs s) /\ length (txs s) <= N /\
    exists w, sb_inv (txs s) (disk s) w /\ log_inv (txs s) (dseq s) (disk s) (sseq w) /\ mode_inv s w.

  (** ** Basic facts *)
  Lemma mod2_S : forall g, S g mod 2 <> g mod 2.
  Proof.
    induction g as [|g IH]; [simpl; discriminate|].
    replace (S (S g)) with (g + 1 * 2) by lia. rewrite Nat.mod_add by lia. congruence.
  Qed.

  Lemma mod2_lt : forall g, g mod 2 < 2.
  Proof. intros; apply Nat.mod_upper_bound; lia. Qed.

  Lemma mod2_cases : forall g, g mod 2 = 0 \/ g mod 2 = 1.
  Proof. intros g. pose proof (mod2_lt g). destruct (g mod 2) as [|[|]]; auto. lia. Qed.

  Lemma gen_between_same : forall g h, h mod 2 = g mod 2 -> g <= h <= S g -> h = g.
  Proof.
    intros g h E B. destruct (Nat.eq_dec h g); auto.
    assert (h = S g) by lia. subst. exfalso; eapply mod2_S; eauto.
  Qed.

  Lemma rec_ok_enc : forall n y tx, rec_ok n (enc_rec (mkRec n y tx)) = Some (mkRec n y tx).
  Proof. intros. unfold rec_ok. rewrite crc_rec_intact. simpl. rewrite Nat.eqb_refl. auto. Qed.

  Lemma rec_ok_seq : forall n x r, rec_ok n x = Some r -> rseq r = n /\ dec_rec x = Some r.
  Proof.
    unfold rec_ok. intros n x r H. destruct (dec_rec x) as [r'|]; [|discriminate].
    destruct (rseq r' =? n) eqn:E; inversion H; subst. apply Nat.eqb_eq in E. auto.
  Qed.

  Lemma firstn_snoc : forall {A} (l : list A) i x,
    nth_error l i = Some x -> firstn (S i) l = firstn i l ++ [x].
  Proof.
    induction l as [|a l IH]; intros i x E; destruct i; simpl in *; try discriminate.
    - inversion E; reflexivity.
    - f_equal. apply IH; auto.
  Qed.

  Lemma applyn_snoc : forall T q tx, nth_error T q = Some tx ->
    apply (applyn (firstn q T)) tx = applyn (firstn (S q) T).
  Proof.
    intros. unfold applyn. rewrite (firstn_snoc _ _ _ H), fold_left_app. reflexivity.
  Qed.

  Lemma firstn_app_le : forall {A} (l l' : list A) q, q <= length l -> firstn q (l ++ l') = firstn q l.
  Proof. intros. rewrite firstn_app. replace (q - length l) with 0 by lia. simpl. apply app_nil_r. Qed.

  Lemma firstn_firstn_le : forall {A} (l : list A) q k, q <= k -> firstn q (firstn k l) = firstn q l.
  Proof. intros. rewrite firstn_firstn. f_equal. lia. Qed.

  Lemma nth_error_app_lt : forall {A} (l l' : list A) n, n < length l -> nth_error (l ++ l') n = nth_error l n.
  Proof. intros. apply nth_error_app1; auto. Qed.

  (** ** Recovery on any possible crash outcome *)
  (** [m] is a possible outcome of [d]: per location, forced contents kept, others old, new or torn. *)
  Definition outcome (d : Disk) (m : Loc -> Raw) : Prop :=
    (forall l, dur d l = cur d l -> m l = cur d l) /\
    (forall l, m l = dur d l \/ m l = cur d l \/ torn (dur d l) (cur d l) (m l)).

  Lemma outcome_crash : forall d m, crash d m -> outcome d m.
  Proof. intros; split; [eapply fsync_means_durable | eapply unsynced_write_lost_kept_or_torn]; eauto. Qed.

  Lemma outcome_cur : forall d, outcome d (cur d).
  Proof. intros; split; auto. Qed.

  Section Outcome.
    Variables (T : list Tx) (D : nat) (d : Disk) (w : Sb) (m : Loc -> Raw).
    Hypothesis HD : D <= length T.
    Hypothesis HN : length T <= N.
    Hypothesis Hsb : sb_inv T d w.
    Hypothesis Hlog : log_inv T D d (sseq w).
    Hypothesis Hm : outcome d m.

    Lemma m_log_in : forall n, sseq w < n <= length T ->
      (m (LLog n) = cur d (LLog n) \/ rec_ok n (m (LLog n)) = None) /\
      (n <= D -> m (LLog n) = cur d (LLog n)).
    Proof.
      intros n Hn. destruct Hlog as [L1 _]. destruct (L1 n Hn) as (y & tx & _ & _ & _ & Hdur & Hdc).
      destruct Hm as [F O]. split.
      - destruct (O (LLog n)) as [E|[E|E]].
        + rewrite E. destruct Hdc as [Hdc|Hdc]; [rewrite Hdc|]; auto.
        + rewrite E. auto.
        + right. unfold rec_ok. rewrite (crc_rec_torn _ _ _ E). auto.
      - intros Hle. apply F. auto.
    Qed.

    Lemma m_log_out : forall n r, length T < n -> rec_ok n (m (LLog n)) = Some r ->
      S (length T) < n /\ rsynced r <= D.
    Proof.
      intros n r Hn Hr. destruct Hlog as [_ L2]. destruct Hm as [_ O].
      destruct (O (LLog n)) as [E|[E|E]].
      - rewrite E in Hr. eapply L2; eauto. left; auto.
      - rewrite E in Hr. eapply L2; eauto. right; auto.
      - unfold rec_ok in Hr. rewrite (crc_rec_torn _ _ _ E) in Hr. discriminate.
    Qed.

    Lemma replay_spec : forall f q, sseq w <= q -> q <= length T -> length T <= q + f ->
      exists e, replay m f (S q) (applyn (firstn q T)) = (e, applyn (firstn (pred e) T)) /\
        q < e <= S (length T) /\ D < e /\ rec_ok e (m (LLog e)) = None /\
        (forall n, q < n < e -> m (LLog n) = cur d (LLog n)).
    Proof.
      induction f as [|f IH]; intros q Hq HqL Hf.
      - assert (q = length T) by lia. subst. exists (S (length T)).
        split; [reflexivity|]. split; [lia|]. split; [lia|]. split.
        + destruct (rec_ok (S (length T)) (m (LLog (S (length T))))) as [r|] eqn:R; auto.
          destruct (m_log_out _ _ (Nat.lt_succ_diag_r _) R). lia.
        + intros n Hn. lia.
      - simpl. destruct (rec_ok (S q) (m (LLog (S q)))) as [r|] eqn:R.
        + assert (HS : S q <= length T).
          { destruct (le_lt_dec (S q) (length T)); auto.
            destruct (m_log_out _ _ l R). lia. }
          destruct (m_log_in (S q) ltac:(lia)) as [[Ec|Ei] _]; [|congruence].
          destruct Hlog as [L1 _]. destruct (L1 (S q) ltac:(lia)) as (y & tx & Hnth & Hcur & _).
          rewrite Ec, Hcur, rec_ok_enc in R. inversion R; subst r. simpl in Hnth |- *.
          rewrite (applyn_snoc _ _ _ Hnth).
          destruct (IH (S q) ltac:(lia) HS ltac:(lia)) as (e & Re & He & HDe & Hinv & Hex).
          exists e. split; [exact Re|]. split; [lia|]. split; [lia|]. split; [exact Hinv|].
          intros n Hn. destruct (Nat.eq_dec n (S q)) as [->|]; [rewrite Ec, Hcur; auto|]. apply Hex; lia.
        + exists (S q). split; [reflexivity|]. split; [lia|]. split; [|split; [exact R|intros n Hn; lia]].
          destruct (le_lt_dec (S q) D) as [Hle|]; [|lia].
            destruct (m_log_in (S q) ltac:(lia)) as [_ Ed]. specialize (Ed Hle).
            destruct Hlog as [L1 _]. destruct (L1 (S q) ltac:(lia)) as (y & tx & _ & Hcur & _).
            rewrite Ed, Hcur, rec_ok_enc in R. discriminate.
    Qed.

    Lemma not_vouched : forall e, D < e -> sseq w < e -> vouched m e = false.
    Proof.
      intros e He Hwe. unfold vouched. destruct (existsb _ _) eqn:V; auto.
      apply existsb_exists in V. destruct V as [q [Hin Hq]]. apply in_seq in Hin.
      destruct (rec_ok q (m (LLog q))) as [r|] eqn:R; [|discriminate]. apply Nat.leb_le in Hq.
      destruct (le_lt_dec q (length T)) as [HqL|HqL].
      - destruct (m_log_in q ltac:(lia)) as [[Ec|Ei] _]; [|congruence].
          destruct Hlog as [L1 _]. destruct (L1 q ltac:(lia)) as (y & tx & _ & Hcur & Hy & _).
          rewrite Ec, Hcur, rec_ok_enc in R. inversion R; subst r. simpl in Hq. specialize (Hy ltac:(lia)). lia.
      - destruct (m_log_out _ _ HqL R). lia.
    Qed.

    Lemma slot_valid : forall i b, slot_sb m i = Some b ->
      sbc d i (m (LSb i)) /\ dec_sb (m (LSb i)) = Some b /\ sgen b mod 2 = i.
    Proof.
      unfold slot_sb. intros i b H. destruct (dec_sb (m (LSb i))) as [b'|] eqn:E; [|discriminate].
      destruct (sgen b' mod 2 =? i) eqn:P; inversion H; subst. apply Nat.eqb_eq in P.
      destruct Hm as [_ O]. split; auto.
      destruct (O (LSb i)) as [X|[X|X]]; [left|right|]; auto.
      rewrite (crc_sb_torn _ _ _ X) in E. discriminate.
    Qed.

    Lemma slot_w : slot_sb m (sgen w mod 2) = Some w.
    Proof.
      destruct Hsb as (Hdc & Hdec & _). destruct Hm as [F _].
      unfold slot_sb. rewrite (F _ Hdc), Hdec, Nat.eqb_refl. auto.
    Qed.

    Lemma slot_lt2 : forall i b, slot_sb m i = Some b -> i = 0 \/ i = 1.
    Proof.
      intros i b H. destruct (slot_valid _ _ H) as (_ & _ & P). pose proof (mod2_lt (sgen b)). lia.
    Qed.

    Lemma choose_spec : exists c, choose_sb m = Some c /\ (exists i, slot_sb m i = Some c) /\
      (forall i b, slot_sb m i = Some b -> sgen b <= sgen c).
    Proof.
      assert (Hw := slot_w).
      assert (A : forall i b, slot_sb m i = Some b -> slot_sb m 0 = Some b \/ slot_sb m 1 = Some b).
      { intros i b H. destruct (slot_lt2 _ _ H); subst; auto. }
      unfold choose_sb.
      destruct (slot_sb m 0) as [a|] eqn:E0; destruct (slot_sb m 1) as [b|] eqn:E1.
      - destruct (sgen a <? sgen b) eqn:C; [apply Nat.ltb_lt in C|apply Nat.ltb_ge in C].
        + exists b. split; auto. split; [exists 1; auto|]. intros i b' H.
          destruct (A _ _ H) as [H'|H']; inversion H'; subst; lia.
        + exists a. split; auto. split; [exists 0; auto|]. intros i b' H.
          destruct (A _ _ H) as [H'|H']; inversion H'; subst; lia.
      - exists a. split; auto. split; [exists 0; auto|]. intros i b' H.
        destruct (A _ _ H) as [H'|H']; inversion H'; subst; lia.
      - exists b. split; auto. split; [exists 1; auto|]. intros i b' H.
        destruct (A _ _ H) as [H'|H']; inversion H'; subst; lia.
      - exfalso. destruct (A _ _ Hw); congruence.
    Qed.

    (** The heart of theorem 3: on any possible outcome, recovery succeeds and yields the first
        [k] commits, [k] at least the durable sequence, from a good superblock. *)
    Lemma recover_outcome : exists k b,
      recover m = Some (k, applyn (firstn k T), b) /\
      D <= k <= length T /\ sseq w <= sseq b <= k /\ sgen w <= sgen b /\
      slot_sb m (sgen b mod 2) = Some b /\ good T d b /\
      (forall i b', slot_sb m i = Some b' -> sgen b' <= sgen b) /\
      (forall n, sseq b < n <= k -> m (LLog n) = cur d (LLog n)) /\
      rec_ok (S k) (m (LLog (S k))) = None.
    Proof.
      destruct choose_spec as (c & Hc & [i Hi] & Hmax).
      destruct (slot_valid _ _ Hi) as (Hx & Hdec & Hpar).
      assert (Hge : sgen w <= sgen c) by (apply Hmax with (sgen w mod 2); apply slot_w).
      destruct Hsb as (_ & _ & _ & Hall & _).
      destruct (Hall _ _ _ Hx Hdec Hpar) as [_ Hgood]. destruct (Hgood Hge) as [Gc Hseq].
      destruct Gc as (HcL & Hidc & Himg).
      destruct (replay_spec (N - sseq c) (sseq c) Hseq HcL ltac:(lia)) as (e & Re & He & HDe & Hinv & Hex).
      assert (Hmimg : m (LImg (sroot c)) = enc_img (applyn (firstn (sseq c) T))).
      { destruct Hm as [F _]. rewrite F; auto. }
      exists (pred e), c. unfold recover. rewrite Hc, Hmimg, crc_img_intact, Re.
      rewrite not_vouched by lia.
      split; [reflexivity|]. split; [lia|]. split; [lia|]. split; [auto|].
      split; [subst i; auto|]. split; [split; auto|]. split; [auto|].
      split; [intros n Hn; apply Hex; lia|].
      replace (S (pred e)) with e by lia. auto.
    Qed.
  End Outcome.

  Ltac loc_neq := let E := fresh in intro E; inversion E; subst; try congruence; try lia; try (eapply mod2_S; eauto).

  (** ** Transfer lemmas *)
  Lemma good_transfer : forall T T' d d' s, good T d s ->
    dur d' (LImg (sroot s)) = dur d (LImg (sroot s)) -> cur d' (LImg (sroot s)) = cur d (LImg (sroot s)) ->
    sseq s <= length T' -> firstn (sseq s) T' = firstn (sseq s) T -> good T' d' s.
  Proof.
    intros T T' d d' s (H1 & H2 & H3) E1 E2 H4 H5. unfold good. rewrite E1, E2, H5. auto.
  Qed.

  Lemma sb_inv_transfer : forall T T' d d' w, sb_inv T d w ->
    (forall i, dur d' (LSb i) = dur d (LSb i)) -> (forall i, cur d' (LSb i) = cur d (LSb i)) ->
    (forall s, good T d s ->
       (s = w \/ exists i x, sbc d i x /\ dec_sb x = Some s /\ sgen s mod 2 = i /\ sgen w <= sgen s) ->
       good T' d' s) ->
    sb_inv T' d' w.
  Proof.
    intros T T' d d' w (A1 & A2 & A3 & A4 & A5) Ed Ec G.
    assert (Sbc : forall i x, sbc d' i x -> sbc d i x).
    { unfold sbc. intros i x [->| ->]; [rewrite Ed|rewrite Ec]; auto. }
    unfold sb_inv. rewrite Ed, Ec. split; [auto|]. split; [auto|]. split; [apply G; auto|]. split.
    - intros i x s Hx Hd Hp. destruct (A4 i x s (Sbc _ _ Hx) Hd Hp) as [B1 B2]. split; auto.
      intros Hle. destruct (B2 Hle). split; auto. apply G; auto. right. exists i, x. auto.
    - intros i s Hd Hp Hlt. rewrite Ed, Ec. rewrite Ed in Hd. eapply A5; eauto.
  Qed.

  Lemma log_inv_same : forall T D d d' B, log_inv T D d B ->
    (forall n, dur d' (LLog n) = dur d (LLog n)) -> (forall n, cur d' (LLog n) = cur d (LLog n)) ->
    log_inv T D d' B.
  Proof.
    intros T D d d' B [L1 L2] Ed Ec. split.
    - intros n Hn. destruct (L1 n Hn) as (y & tx & H). rewrite Ed, Ec. eauto.
    - intros n x r Hn Hx Hr. unfold logc in Hx. rewrite Ed, Ec in Hx. eapply L2; eauto.
  Qed.

  Lemma log_inv_mono : forall T D d B B', B <= B' -> log_inv T D d B -> log_inv T D d B'.
  Proof. intros T D d B B' Hle [L1 L2]. split; auto. intros n Hn. apply L1. lia. Qed.

  Lemma sbc_w : forall T d w i x s, sb_inv T d w -> sbc d i x -> dec_sb x = Some s ->
    sgen s mod 2 = i -> i = sgen w mod 2 -> s = w.
  Proof.
    intros T d w i x s (A1 & A2 & _) Hx Hd Hp Hi. rewrite Hi in Hx.
    destruct Hx as [E|E]; rewrite E in Hd; [rewrite A1 in Hd|]; congruence.
  Qed.

  Lemma upd_other : forall f l l' x, l' <> l -> upd f l x l' = f l'.
  Proof. intros. unfold upd. destruct (loc_eq_dec l' l); congruence. Qed.

  Lemma upd_same : forall f l x, upd f l x l = x.
  Proof. intros. unfold upd. destruct (loc_eq_dec l l); congruence. Qed.

  Lemma nth_error_firstn_lt : forall {A} (l : list A) k n, n < k -> nth_error (firstn k l) n = nth_error l n.
  Proof.
    induction l as [|a l IH]; intros k n H; destruct k; destruct n; simpl; auto; try lia.
    apply IH. lia.
  Qed.

  (** ** The steps keep the invariant *)
  Lemma inv_initial : forall s, initial s -> Inv s.
  Proof.
    intros s (a0 & Hm & HT & HD & HA & Hp & Hb & Hdc & H1 & H0 & Himg & Hlog).
    unfold Inv. rewrite HT, HD, HA. simpl. split; [lia|]. split; [lia|]. split; [lia|].
    exists (mkSb 1 0 a0). split; [|split].
    - unfold sb_inv. cbn [sgen sseq sroot]. change (1 mod 2) with 1. rewrite Hdc, H1, crc_sb_intact. split; [auto|]. split; [auto|].
      assert (G : good (txs s) (disk s) (mkSb 1 0 a0)).
      { unfold good. simpl. rewrite HT, Hdc, Himg. simpl. auto. }
      rewrite HT in G. split; [auto|]. split.
      + intros i x b Hx Hd Hpar. assert (Hi : sbc (disk s) i x -> x = cur (disk s) (LSb i)).
        { intros [->| ->]; auto. }
        specialize (Hi Hx). subst x.
        destruct (mod2_cases (sgen b)) as [E|E]; rewrite E in Hpar; subst i.
        * congruence.
        * rewrite H1, crc_sb_intact in Hd. inversion Hd; subst. simpl. split; auto.
      + intros i b Hd Hpar Hlt. auto.
    - split.
      + intros n Hn. simpl in Hn. lia.
      + intros n x r Hn Hx Hr. exfalso. destruct Hx as [->| ->]; [rewrite Hdc in Hr|]; congruence.
    - unfold mode_inv. rewrite Hm, Hp, Hb, HT. split; auto. split; [simpl; auto|]. split.
      + intros i x b Hx Hd Hpar Hg. exfalso. assert (Hi : x = cur (disk s) (LSb i)) by (destruct Hx as [->| ->]; auto).
        subst x. destruct (mod2_cases (sgen b)) as [E|E]; rewrite E in Hpar; subst i.
        * congruence.
        * rewrite H1, crc_sb_intact in Hd. inversion Hd; subst. simpl in Hg. lia.
      + intros n x Hn Hx. destruct Hx as [->| ->]; [rewrite Hdc|]; auto.
  Qed.

  Lemma inv_commit : forall s tx, Inv s -> mode s = Running -> length (txs s) < N ->
    Inv (mkSys (write (LLog (S (length (txs s)))) (enc_rec (mkRec (S (length (txs s))) (dseq s) tx)) (disk s))
               Running (txs s ++ [tx]) (dseq s) (acked s) (dsb s) (phase s)).
  Proof.
    intros [d md T D A b p] tx (HA & HD & HN & w & Hsb & Hlog & Hmode) Hm HL. unfold mode_inv in Hmode. cbn [mode txs dseq acked dsb phase disk] in *. subst md.
    destruct Hmode as (Hw & Hph & Hgen & Hinv). subst b.
    set (L := length T) in *.
    assert (HLen : length (T ++ [tx]) = S L) by (rewrite app_length; simpl; lia).
    assert (Hwl : sseq w <= L) by (destruct Hsb as (_ & _ & (G & _) & _); auto).
    unfold Inv. cbn [mode txs dseq acked dsb phase disk]. rewrite HLen. split; [lia|]. split; [lia|]. split; [lia|].
    exists w. split; [|split].
    - apply (sb_inv_transfer T _ d _ w Hsb); [intros; reflexivity|intros; simpl; apply upd_other; discriminate|].
      intros s' G _. pose proof G as (G1 & _). apply (good_transfer T _ d _ s' G).
      + reflexivity.
      + simpl. apply upd_other. discriminate.
      + rewrite HLen; lia.
      + apply firstn_app_le. auto.
    - destruct Hlog as [L1 L2]. split.
      + intros n Hn. simpl. rewrite HLen in Hn. destruct (Nat.eq_dec n (S L)) as [->|Hne].
        * exists D, tx. rewrite upd_same. simpl.
          rewrite nth_error_app2 by lia. replace (L - length T) with 0 by (unfold L; lia). simpl.
          split; auto. split; auto. split; [lia|]. split; [lia|]. right.
          apply Hinv; [lia|left; auto].
        * rewrite upd_other by loc_neq. destruct (L1 n ltac:(lia)) as (y & tx' & Hnth & R).
          exists y, tx'. rewrite nth_error_app_lt by lia. auto.
      + intros n x r Hn Hx Hr. rewrite HLen in Hn. exfalso.
        assert (Hx' : logc d n x).
        { destruct Hx as [->| ->]; [left; auto|right; simpl; rewrite upd_other by loc_neq; auto]. }
        rewrite (Hinv n x ltac:(lia) Hx') in Hr. discriminate.
    - unfold mode_inv. simpl. split; auto. split; [|split].
      + destruct p as [|a q|a q|a q]; simpl in *; auto;
          rewrite !upd_other by loc_neq; rewrite HLen; rewrite firstn_app_le by lia; intuition lia.
      + intros i x b' Hx Hd Hp Hg. apply (Hgen i x b'); auto.
      + intros n x Hn Hx. rewrite HLen in Hn. apply Hinv; [lia|].
        destruct Hx as [->| ->]; [left; auto|right; simpl; rewrite upd_other by loc_neq; auto].
  Qed.

  Lemma inv_sync : forall s, Inv s -> mode s = Running ->
    Inv (mkSys (fsync_log (disk s)) Running (txs s) (length (txs s)) (acked s) (dsb s) (phase s)).
  Proof.
    intros [d md T D A b p] (HA & HD & HN & w & Hsb & Hlog & Hmode) Hm.
    unfold mode_inv in Hmode. cbn [mode txs dseq acked dsb phase disk] in *. subst md.
    destruct Hmode as (Hw & Hph & Hgen & Hinv). subst b.
    unfold Inv, mode_inv. cbn [mode txs dseq acked dsb phase disk].
    split; [lia|]. split; [lia|]. split; [lia|]. exists w. split; [|split].
    - apply (sb_inv_transfer T T d _ w Hsb); [intros; reflexivity|intros; reflexivity|].
      intros s' G _. apply (good_transfer T T d _ s' G); [reflexivity|reflexivity| |reflexivity].
      destruct G; auto.
    - destruct Hlog as [L1 L2]. split.
      + intros n Hn. destruct (L1 n Hn) as (y & tx & Hnth & Hc & Hy & Hd & Hdc).
        exists y, tx. unfold fsync_log. cbn [dur cur is_data].
        split; [auto|]. split; [auto|]. split; [intros; lia|]. split; [auto|left; auto].
      + intros n x r Hn Hx Hr. unfold logc, fsync_log in Hx. cbn [dur cur is_data] in Hx.
        assert (x = cur d (LLog n)) by (destruct Hx; auto). subst x.
        destruct (L2 n _ r Hn (or_intror eq_refl) Hr). split; lia.
    - split; [reflexivity|]. split; [exact Hph|]. split.
      + intros i x b' Hx Hd Hp Hg. apply (Hgen i x b'); auto.
      + intros n x Hn Hx. apply Hinv; auto. unfold logc, fsync_log in *. cbn [dur cur is_data] in *.
        destruct Hx; right; auto.
  Qed.

  Lemma inv_ack : forall s, Inv s -> mode s = Running ->
    Inv (mkSys (disk s) Running (txs s) (dseq s) (dseq s) (dsb s) (phase s)).
  Proof.
    intros [d md T D A b p] (HA & HD & HN & w & Hsb & Hlog & Hmode) Hm.
    cbn [mode] in Hm. subst md.
    unfold Inv. cbn [mode txs dseq acked dsb phase disk] in *.
    split; [lia|]. split; [lia|]. split; [lia|]. exists w. auto.
  Qed.

  Lemma inv_ck_pages : forall s a, Inv s -> mode s = Running -> phase s = Idle -> a <> sroot (dsb s) ->
    Inv (mkSys (write (LImg a) (enc_img (applyn (txs s))) (disk s)) Running (txs s) (dseq s)
               (acked s) (dsb s) (Pages a (length (txs s)))).
  Proof.
    intros [d md T D A b p] a (HA & HD & HN & w & Hsb & Hlog & Hmode) Hm Hp Ha.
    unfold mode_inv in Hmode. cbn [mode txs dseq acked dsb phase disk] in *. subst md p.
    destruct Hmode as (Hw & Hph & Hgen & Hinv). subst b.
    unfold Inv, mode_inv. cbn [mode txs dseq acked dsb phase disk].
    split; [lia|]. split; [lia|]. split; [lia|]. exists w. split; [|split].
    - apply (sb_inv_transfer T T d _ w Hsb); [intros; reflexivity|intros; reflexivity|].
      intros s' G Hs'. assert (Hr : sroot s' <> a).
      { destruct Hs' as [->|(i & x & Hx & Hd & Hpar & Hge)]; [auto|].
        pose proof Hsb as (A1 & A2 & _ & Hall & _). destruct (Hall i x s' Hx Hd Hpar) as [Hle _].
        destruct (Nat.eq_dec (sgen s') (S (sgen w))) as [Heq|Hne].
        - pose proof (Hgen i x s' Hx Hd Hpar Heq). discriminate.
        - assert (Hs : sgen s' = sgen w) by lia.
          assert (s' = w) by (apply (sbc_w T d w i x s' Hsb Hx Hd Hpar); rewrite <- Hpar, Hs; reflexivity).
          subst s'. auto. }
      apply (good_transfer T T d _ s' G); [reflexivity| | |reflexivity].
      + simpl. apply upd_other. loc_neq.
      + destruct G; auto.
    - apply (log_inv_same T D d _ _ Hlog); intros; reflexivity.
    - split; [reflexivity|]. split; [|split].
      + assert (Hwl : sseq w <= length T) by (destruct Hsb as (_ & _ & (G & _) & _); auto).
        split; [lia|]. split; [lia|]. split; [auto|].
        change (upd (cur d) (LImg a) (enc_img (applyn T)) (LImg a) = enc_img (applyn (firstn (length T) T))).
        rewrite upd_same, firstn_all. reflexivity.
      + intros i x b' Hx Hd Hp' Hg. exfalso. pose proof (Hgen i x b' Hx Hd Hp' Hg). discriminate.
      + intros n x Hn Hx. apply Hinv; auto.
  Qed.

  Lemma inv_ck_force : forall s a q, Inv s -> mode s = Running -> phase s = Pages a q ->
    Inv (mkSys (fsync_data (disk s)) Running (txs s) (dseq s) (acked s) (dsb s) (Forced a q)).
  Proof.
    intros [d md T D A b p] a q (HA & HD & HN & w & Hsb & Hlog & Hmode) Hm Hp.
    unfold mode_inv in Hmode. cbn [mode txs dseq acked dsb phase disk] in *. subst md p.
    destruct Hmode as (Hw & Hph & Hgen & Hinv). subst b.
    unfold Inv, mode_inv. cbn [mode txs dseq acked dsb phase disk].
    split; [lia|]. split; [lia|]. split; [lia|]. exists w.
    assert (Sbc : forall i x, sbc (fsync_data d) i x -> sbc d i x).
    { intros i x [E|E]; right; exact E. }
    assert (Good : forall s', good T d s' -> good T (fsync_data d) s').
    { intros s' (G1 & G2 & G3). split; [auto|]. split; [reflexivity|exact G3]. }
    destruct Hsb as (A1 & A2 & A3 & A4 & A5).
    split; [|split].
    - split; [reflexivity|]. split; [exact A2|]. split; [apply Good; auto|]. split.
      + intros i x s' Hx Hd Hpar. destruct (A4 i x s' (Sbc _ _ Hx) Hd Hpar) as [B1 B2].
        split; [exact B1|intros Hle; destruct (B2 Hle); split; auto].
      + intros i s' Hd Hpar Hlt. reflexivity.
    - apply (log_inv_same T D d _ _ Hlog); intros; reflexivity.
    - split; [reflexivity|]. split; [|split].
      + destruct Hph as (P1 & P2 & P3 & P4).
        split; [exact P1|]. split; [exact P2|]. split; [exact P3|]. split; [exact P4|reflexivity].
      + intros i x b' Hx Hd Hp' Hg. exfalso. pose proof (Hgen i x b' (Sbc _ _ Hx) Hd Hp' Hg). discriminate.
      + intros n x Hn Hx. apply Hinv; auto.
  Qed.

  Lemma inv_ck_super : forall s a q, Inv s -> mode s = Running -> phase s = Forced a q ->
    Inv (mkSys (write (LSb (S (sgen (dsb s)) mod 2)) (enc_sb (mkSb (S (sgen (dsb s))) q a)) (disk s))
               Running (txs s) (dseq s) (acked s) (dsb s) (Written a q)).
  Proof.
    intros [d md T D A b p] a q (HA & HD & HN & w & Hsb & Hlog & Hmode) Hm Hp.
    unfold mode_inv in Hmode. cbn [mode txs dseq acked dsb phase disk] in *. subst md p.
    destruct Hmode as (Hw & Hph & Hgen & Hinv). subst b.
    destruct Hph as (P1 & P2 & P3 & P4 & P5).
    assert (Hj : S (sgen w) mod 2 <> sgen w mod 2) by apply mod2_S.
    pose (d' := write (LSb (S (sgen w) mod 2)) (enc_sb (mkSb (S (sgen w)) q a)) d).
    assert (Cur : forall i, i <> S (sgen w) mod 2 -> cur d' (LSb i) = cur d (LSb i)).
    { intros i Hi. apply upd_other. loc_neq. }
    assert (CurJ : cur d' (LSb (S (sgen w) mod 2)) = enc_sb (mkSb (S (sgen w)) q a)) by apply upd_same.
    assert (Img : forall r, cur d' (LImg r) = cur d (LImg r)) by (intros; apply upd_other; loc_neq).
    assert (Good : forall s', good T d s' -> good T d' s').
    { intros s' G. apply (good_transfer T T d d' s' G); [reflexivity|apply Img|destruct G; auto|reflexivity]. }
    assert (GoodNb : good T d' (mkSb (S (sgen w)) q a)).
    { split; [exact P1|]. cbn [sroot sseq]. rewrite Img. split; [exact P5|exact P4]. }
    assert (NoNew : forall i x s', sbc d i x -> dec_sb x = Some s' -> sgen s' mod 2 = i -> sgen s' <= sgen w).
    { intros i x s' Hx Hd Hpar. destruct Hsb as (_ & _ & _ & Hall & _).
      destruct (Hall i x s' Hx Hd Hpar) as [Hle _].
      destruct (Nat.eq_dec (sgen s') (S (sgen w))) as [e|]; [|lia].
      pose proof (Hgen i x s' Hx Hd Hpar e). discriminate. }
    assert (Sbc : forall i x, sbc d' i x -> sbc d i x \/ (i = S (sgen w) mod 2 /\ x = enc_sb (mkSb (S (sgen w)) q a))).
    { intros i x [E|E]; [left; left; exact E|].
      destruct (Nat.eq_dec i (S (sgen w) mod 2)) as [->|Hne]; [right; split; auto; rewrite E; exact CurJ|].
      left; right. rewrite E. apply Cur; auto. }
    unfold Inv, mode_inv. fold d'. cbn [mode txs dseq acked dsb phase disk].
    split; [lia|]. split; [lia|]. split; [lia|]. exists w.
    destruct Hsb as (A1 & A2 & A3 & A4 & A5).
    split; [|split].
    - split; [rewrite Cur by auto; exact A1|]. split; [rewrite Cur by auto; exact A2|].
      split; [apply Good; auto|]. split.
      + intros i x s' Hx Hd Hpar. destruct (Sbc i x Hx) as [Hx'|[Hi Ex]].
        * destruct (A4 i x s' Hx' Hd Hpar) as [B1 B2].
          split; [exact B1|intros Hle; destruct (B2 Hle); split; auto].
        * subst x. rewrite crc_sb_intact in Hd. inversion Hd; subst s'. cbn [sgen sseq].
          split; [lia|]. intros _. split; [exact GoodNb|exact P2].
      + intros i s' Hd Hpar Hlt. exfalso.
        pose proof (NoNew i _ s' (or_introl eq_refl) Hd Hpar). lia.
    - apply (log_inv_same T D d _ _ Hlog); intros; reflexivity.
    - split; [reflexivity|]. split; [|split].
      + split; [exact P1|]. split; [exact P2|]. split; [exact P3|].
        rewrite Img. split; [exact P4|]. split; [exact P5|exact CurJ].
      + intros i x b' Hx Hd Hp' Hg. destruct (Sbc i x Hx) as [Hx'|[Hi Ex]].
        * exfalso. pose proof (NoNew i x b' Hx' Hd Hp'). lia.
        * subst x. rewrite crc_sb_intact in Hd. inversion Hd; subst. reflexivity.
      + intros n x Hn Hx. apply Hinv; auto.
  Qed.

  Lemma inv_ck_sync : forall s a q, Inv s -> mode s = Running -> phase s = Written a q ->
    Inv (mkSys (fsync_data (disk s)) Running (txs s) (dseq s) (acked s) (mkSb (S (sgen (dsb s))) q a) Idle).
  Proof.
    intros [d md T D A b p] a q (HA & HD & HN & w & Hsb & Hlog & Hmode) Hm Hp.
    unfold mode_inv in Hmode. cbn [mode txs dseq acked dsb phase disk] in *. subst md p.
    destruct Hmode as (Hw & Hph & Hgen & Hinv). subst b.
    destruct Hph as (P1 & P2 & P3 & P4 & P5 & P6).
    assert (Sbc : forall i x, sbc (fsync_data d) i x -> x = cur d (LSb i)) by (intros i x [E|E]; exact E).
    destruct Hsb as (A1 & A2 & A3 & A4 & A5).
    assert (GoodNb : good T (fsync_data d) (mkSb (S (sgen w)) q a)).
    { split; [exact P1|]. split; [reflexivity|exact P4]. }
    unfold Inv, mode_inv. cbn [mode txs dseq acked dsb phase disk].
    split; [lia|]. split; [lia|]. split; [lia|]. exists (mkSb (S (sgen w)) q a).
    split; [|split].
    - split; [reflexivity|].
      split; [change (dec_sb (cur d (LSb (S (sgen w) mod 2))) = Some (mkSb (S (sgen w)) q a));
              rewrite P6; apply crc_sb_intact|].
      split; [exact GoodNb|]. split.
      + intros i x s' Hx Hd Hpar. pose proof (Sbc i x Hx) as Ex. subst x.
        destruct (A4 i _ s' (or_intror eq_refl) Hd Hpar) as [B1 B2].
        cbn [sgen sseq]. split; [lia|]. intros Hle.
        assert (Hs : sgen s' = S (sgen w)) by lia.
        assert (Hi : i = S (sgen w) mod 2) by (rewrite <- Hpar, Hs; reflexivity).
        rewrite Hi, P6, crc_sb_intact in Hd. inversion Hd; subst s'. split; [exact GoodNb|cbn; lia].
      + intros i s' Hd Hpar Hlt. reflexivity.
    - apply (log_inv_mono T D _ (sseq w) q P2). apply (log_inv_same T D d _ _ Hlog); intros; reflexivity.
    - split; [reflexivity|]. split; [exact I|]. split.
      + intros i x b' Hx Hd Hp' Hg. exfalso. pose proof (Sbc i x Hx) as Ex. subst x.
        destruct (A4 i _ b' (or_intror eq_refl) Hd Hp') as [B1 _]. cbn [sgen] in Hg. lia.
      + intros n x Hn Hx. apply Hinv; auto.
  Qed.

  (** A Running state whose disk changes only in log slots the durable checkpoint covers. *)
  Lemma inv_running_disk : forall s d', Inv s -> mode s = Running ->
    (forall l, is_data l = true -> dur d' l = dur (disk s) l /\ cur d' l = cur (disk s) l) ->
    (forall n, sseq (dsb s) < n -> dur d' (LLog n) = dur (disk s) (LLog n) /\ cur d' (LLog n) = cur (disk s) (LLog n)) ->
    Inv (set_disk d' s).
  Proof.
    intros [d md T D A b p] d' (HA & HD & HN & w & Hsb & Hlog & Hmode) Hm Hdata Hlogeq.
    unfold mode_inv in Hmode. cbn [mode txs dseq acked dsb phase disk] in *. subst md.
    destruct Hmode as (Hw & Hph & Hgen & Hinv). subst b.
    assert (Hwl : sseq w <= length T) by (destruct Hsb as (_ & _ & (G & _) & _); auto).
    assert (Ed : forall i, dur d' (LSb i) = dur d (LSb i)) by (intros; apply Hdata; auto).
    assert (Ec : forall i, cur d' (LSb i) = cur d (LSb i)) by (intros; apply Hdata; auto).
    assert (Id : forall r, dur d' (LImg r) = dur d (LImg r)) by (intros; apply Hdata; auto).
    assert (Ic : forall r, cur d' (LImg r) = cur d (LImg r)) by (intros; apply Hdata; auto).
    assert (Sbc : forall i x, sbc d' i x -> sbc d i x).
    { intros i x [E|E]; [left; rewrite E; auto|right; rewrite E; auto]. }
    assert (Logc : forall n x, length T < n -> logc d' n x -> logc d n x).
    { intros n x Hn [E|E]; destruct (Hlogeq n ltac:(lia)) as [E1 E2]; [left|right]; congruence. }
    unfold Inv, set_disk, mode_inv. cbn [mode txs dseq acked dsb phase disk].
    split; [lia|]. split; [lia|]. split; [lia|]. exists w. split; [|split].
    - apply (sb_inv_transfer T T d _ w Hsb Ed Ec).
      intros s' G _. apply (good_transfer T T d _ s' G); auto. destruct G; auto.
    - destruct Hlog as [L1 L2]. split.
      + intros n Hn. destruct (Hlogeq n ltac:(lia)) as [E1 E2]. rewrite E1, E2. apply L1; auto.
      + intros n x r Hn Hx Hr. eapply L2; eauto.
    - split; [reflexivity|]. split; [|split].
      + destruct p as [|a q|a q|a q]; cbn [phase_inv] in *; auto; rewrite ?Ic, ?Id, ?Ec; auto.
      + intros i x b' Hx Hd Hp' Hg. exact (Hgen i x b' (Sbc _ _ Hx) Hd Hp' Hg).
      + intros n x Hn Hx. apply Hinv; auto.
  Qed.

  Lemma inv_release : forall s f, Inv s -> mode s = Running ->
    Inv (set_disk (mkDisk (log_set (fun n => n <=? sseq (dsb s)) f (dur (disk s)))
                          (log_set (fun n => n <=? sseq (dsb s)) f (cur (disk s)))) s).
  Proof.
    intros s f HI Hm. apply inv_running_disk; auto.
    - intros [i|a|n] H; [split; reflexivity|split; reflexivity|discriminate].
    - intros n Hn. cbn [dur cur log_set]. destruct (n <=? sseq (dsb s)) eqn:E; [apply Nat.leb_le in E; lia|auto].
  Qed.

  Lemma inv_kill : forall s, Inv s -> Inv (mkSys (disk s) Down (txs s) (dseq s) (acked s) (dsb s) Idle).
  Proof.
    intros [d md T D A b p] (HA & HD & HN & w & Hsb & Hlog & Hmode).
    unfold Inv. cbn [mode txs dseq acked dsb phase disk] in *.
    split; [lia|]. split; [lia|]. split; [lia|]. exists w. split; [auto|]. split; [auto|]. exact I.
  Qed.

  Lemma slot_sb_dec : forall m i b, slot_sb m i = Some b -> dec_sb (m (LSb i)) = Some b /\ sgen b mod 2 = i.
  Proof.
    unfold slot_sb. intros m i b H. destruct (dec_sb (m (LSb i))) as [b'|]; [|discriminate].
    destruct (sgen b' mod 2 =? i) eqn:P; inversion H; subst. apply Nat.eqb_eq in P. auto.
  Qed.

  Lemma dec_slot_sb : forall m i b, dec_sb (m (LSb i)) = Some b -> sgen b mod 2 = i -> slot_sb m i = Some b.
  Proof. intros m i b H P. unfold slot_sb. rewrite H, P, Nat.eqb_refl. reflexivity. Qed.

  (** Power loss from any state: recovery succeeds on every outcome with the first [k] commits,
      [k] at least the durable sequence, and the state after the crash keeps the invariant. *)
  Lemma inv_crash : forall s m, Inv s -> outcome (disk s) m ->
    exists k b, recover m = Some (k, applyn (firstn k (txs s)), b) /\ dseq s <= k <= length (txs s) /\
      Inv (mkSys (mkDisk m m) Down (firstn k (txs s)) k (acked s) (dsb s) Idle).
  Proof.
    intros [d md T D A b0 p] m (HA & HD & HN & w & Hsb & Hlog & Hmode) Hm.
    cbn [mode txs dseq acked dsb phase disk] in *.
    destruct (recover_outcome T D d w m HD HN Hsb Hlog Hm)
      as (k & b & Hr & Hk & Hseq & Hgen & Hslot & Hgood & Hmax & Hex & Hnext).
    exists k, b. split; [exact Hr|]. split; [lia|].
    assert (HlenK : length (firstn k T) = k) by (rewrite firstn_length; lia).
    destruct (slot_sb_dec _ _ _ Hslot) as [Hdec _].
    assert (Gb : good (firstn k T) (mkDisk m m) b).
    { destruct Hgood as (G1 & G2 & G3). split; [rewrite HlenK; lia|]. split; [reflexivity|].
      cbn [cur]. destruct Hm as [F _]. rewrite (F _ G2), G3, (firstn_firstn_le T (sseq b) k) by lia.
      reflexivity. }
    unfold Inv, mode_inv. cbn [mode txs dseq acked dsb phase disk]. rewrite HlenK.
    split; [lia|]. split; [lia|]. split; [lia|].
    exists b. split; [|split; [|exact I]].
    - split; [reflexivity|]. split; [exact Hdec|]. split; [exact Gb|]. split.
      + intros i x s Hx Hd Hpar. assert (Ex : x = m (LSb i)) by (destruct Hx; auto). subst x.
        pose proof (Hmax i s (dec_slot_sb _ _ _ Hd Hpar)). split; [lia|]. intros Hle.
        assert (Hi : i = sgen b mod 2) by (rewrite <- Hpar; f_equal; lia).
        rewrite Hi, Hdec in Hd. inversion Hd; subst s. split; [exact Gb|lia].
      + intros i s Hd Hpar Hlt. reflexivity.
    - destruct Hlog as [L1 L2]. split.
      + intros n Hn. rewrite HlenK in Hn. destruct (L1 n ltac:(lia)) as (y & tx & Hnth & Hc' & Hy & _).
        exists y, tx. rewrite nth_error_firstn_lt by lia. split; [exact Hnth|]. cbn [cur dur].
        rewrite (Hex n ltac:(lia)), Hc'. split; [reflexivity|]. split; [lia|].
        split; [reflexivity|left; reflexivity].
      + intros n x r Hn Hx Hr'. rewrite HlenK in Hn.
        assert (Ex : x = m (LLog n)) by (destruct Hx; auto). subst x.
        destruct (Nat.eq_dec n (S k)) as [->|Hne]; [congruence|]. split; [lia|].
        destruct (le_lt_dec n (length T)) as [HnL|HnL].
        * destruct (m_log_in T D d w m (conj L1 L2) Hm n ltac:(lia)) as [[Ec|Ei] _]; [|congruence].
          destruct (L1 n ltac:(lia)) as (y & tx & _ & Hc' & Hy & _).
          rewrite Ec, Hc', rec_ok_enc in Hr'. inversion Hr'; subst r. cbn [rsynced].
          specialize (Hy ltac:(lia)). lia.
        * destruct (m_log_out T D d w m (conj L1 L2) Hm n r HnL Hr'). lia.
  Qed.

  Lemma inv_recover : forall s k st b, Inv s -> mode s = Down -> recover (cur (disk s)) = Some (k, st, b) ->
    st = applyn (firstn k (txs s)) /\ dseq s <= k <= length (txs s) /\
    Inv (mkSys (disk s) (Opening false) (firstn k (txs s)) (dseq s) (acked s) b Idle).
  Proof.
    intros [d md T D A b0 p] k st b (HA & HD & HN & w & Hsb & Hlog & Hmode) Hmd Hr.
    cbn [mode txs dseq acked dsb phase disk] in *.
    destruct (recover_outcome T D d w (cur d) HD HN Hsb Hlog (outcome_cur d))
      as (k' & b' & Hr' & Hk & Hseq & Hgen & Hslot & Hgood & Hmax & Hex & Hnext).
    rewrite Hr in Hr'. inversion Hr'; subst k' st b'. clear Hr'.
    split; [reflexivity|]. split; [lia|].
    assert (HlenK : length (firstn k T) = k) by (rewrite firstn_length; lia).
    destruct (slot_sb_dec _ _ _ Hslot) as [Hdec _].
    assert (Gk : forall s, good T d s -> sseq s <= k -> good (firstn k T) d s).
    { intros s (G1 & G2 & G3) Hs. split; [rewrite HlenK; lia|]. split; [exact G2|].
      rewrite G3, (firstn_firstn_le T (sseq s) k) by lia. reflexivity. }
    unfold Inv, mode_inv. cbn [mode txs dseq acked dsb phase disk]. rewrite HlenK.
    split; [lia|]. split; [lia|]. split; [lia|].
    exists w. destruct Hsb as (A1 & A2 & A3 & A4 & A5).
    (* every valid superblock not older than the witness is the witness or the chosen one *)
    assert (Hi : forall i x s, sbc d i x -> dec_sb x = Some s -> sgen s mod 2 = i -> sgen w <= sgen s ->
               sseq s <= k).
    { intros i x s Hx Hd Hpar Hge. destruct (A4 i x s Hx Hd Hpar) as [Hle _].
      destruct (Nat.eq_dec (sgen s) (sgen w)) as [Eq|Ne].
      - assert (s = w).
        { apply (sbc_w T d w i x s (conj A1 (conj A2 (conj A3 (conj A4 A5)))) Hx Hd Hpar).
          rewrite <- Hpar, Eq. reflexivity. }
        subst s. lia.
      - assert (Hcur : dec_sb (cur d (LSb i)) = Some s).
        { destruct Hx as [Ex|Ex]; subst x; auto. rewrite (A5 i s Hd Hpar ltac:(lia)). auto. }
        pose proof (Hmax i s (dec_slot_sb _ _ _ Hcur Hpar)).
        assert (Hbs : sgen b <= S (sgen w)).
        { destruct (A4 _ _ b (or_intror eq_refl) Hdec eq_refl) as [X _]. exact X. }
        assert (Heq : sgen s = sgen b) by lia.
        assert (Hib : i = sgen b mod 2) by (rewrite <- Hpar, Heq; reflexivity).
        rewrite Hib, Hdec in Hcur. inversion Hcur; subst s. lia. }
    split; [|split].
    - split; [exact A1|]. split; [exact A2|]. split; [apply Gk; auto; lia|]. split.
      + intros i x s Hx Hd Hpar. destruct (A4 i x s Hx Hd Hpar) as [B1 B2].
        split; [exact B1|]. intros Hge. destruct (B2 Hge). split; [apply Gk; eauto|auto].
      + exact A5.
    - destruct Hlog as [L1 L2]. split.
      + intros n Hn. rewrite HlenK in Hn. destruct (L1 n ltac:(lia)) as (y & tx & Hnth & R).
        exists y, tx. rewrite nth_error_firstn_lt by lia. auto.
      + intros n x r Hn Hx Hr'. rewrite HlenK in Hn.
        destruct (le_lt_dec n (length T)) as [HnL|HnL].
        * destruct (L1 n ltac:(lia)) as (y & tx & _ & Hc' & Hy & _ & Hdc).
          assert (Hx' : rec_ok n (cur d (LLog n)) = Some r).
          { destruct Hx as [Ex|Ex]; subst x; auto. destruct Hdc as [Hdc|Hdc]; [rewrite <- Hdc; auto|congruence]. }
          destruct (Nat.eq_dec n (S k)) as [->|Hne]; [congruence|].
          rewrite Hc', rec_ok_enc in Hx'. inversion Hx'; subst r. cbn [rsynced].
          split; [lia|]. apply Hy. lia.
        * destruct (L2 n x r HnL Hx Hr'). split; [lia|auto].
    - split; [exact Hdec|]. split; [apply Gk; auto; destruct Hgood; lia|]. split; [lia|].
      intros i b' Hd Hpar. apply Hmax with i. apply dec_slot_sb; auto.
  Qed.

  Lemma inv_open_force : forall s, Inv s -> mode s = Opening false ->
    Inv (mkSys (fsync_log (fsync_data (disk s))) (Opening true) (txs s) (length (txs s)) (acked s) (dsb s) Idle).
  Proof.
    intros [d md T D A b p] (HA & HD & HN & w & Hsb & Hlog & Hmode) Hm.
    unfold mode_inv in Hmode. cbn [mode txs dseq acked dsb phase disk] in *. subst md.
    destruct Hmode as (Hdec & Hgb & Hwb & Hmax).
    assert (Sbc : forall i x, sbc (fsync_log (fsync_data d)) i x -> x = cur d (LSb i)) by (intros i x [E|E]; exact E).
    assert (Good : forall s', good T d s' -> good T (fsync_log (fsync_data d)) s').
    { intros s' (G1 & G2 & G3). split; [auto|]. split; [reflexivity|exact G3]. }
    unfold Inv, mode_inv. cbn [mode txs dseq acked dsb phase disk].
    split; [lia|]. split; [lia|]. split; [lia|]. exists b. split; [|split].
    - split; [reflexivity|]. split; [exact Hdec|]. split; [apply Good; auto|]. split.
      + intros i x s Hx Hd Hpar. pose proof (Sbc i x Hx) as Ex. subst x.
        pose proof (Hmax i s Hd Hpar). split; [lia|]. intros Hge.
        assert (Hi : i = sgen b mod 2) by (rewrite <- Hpar; f_equal; lia).
        rewrite Hi, Hdec in Hd. inversion Hd; subst s. split; [apply Good; auto|lia].
      + intros i s Hd Hpar Hlt. reflexivity.
    - destruct Hlog as [L1 L2]. split.
      + intros n Hn. destruct (L1 n ltac:(lia)) as (y & tx & Hnth & Hc & Hy & Hd & Hdc).
        exists y, tx. cbn [dur cur fsync_log fsync_data is_data].
        split; [auto|]. split; [auto|]. split; [intros; lia|]. split; [auto|left; auto].
      + intros n x r Hn Hx Hr. assert (x = cur d (LLog n)) by (destruct Hx; auto). subst x.
        destruct (L2 n _ r Hn (or_intror eq_refl) Hr). split; lia.
    - split; [reflexivity|]. intros i x s Hx Hd Hpar. pose proof (Sbc i x Hx). subst x. eauto.
  Qed.

  Lemma inv_open_inval : forall s f, Inv s -> mode s = Opening true ->
    (forall n, length (txs s) < n -> rec_ok n (f n) = None) ->
    Inv (set_disk (mkDisk (log_set (fun n => length (txs s) <? n) f (dur (disk s)))
                          (log_set (fun n => length (txs s) <? n) f (cur (disk s))))
                  (mkSys (disk s) Running (txs s) (dseq s) (acked s) (dsb s) Idle)).
  Proof.
    intros [d md T D A b p] f (HA & HD & HN & w & Hsb & Hlog & Hmode) Hm Hf.
    unfold mode_inv in Hmode. cbn [mode txs dseq acked dsb phase disk] in *. subst md.
    destruct Hmode as (Hw & Hmax). subst b.
    pose (d' := mkDisk (log_set (fun n => length T <? n) f (dur d)) (log_set (fun n => length T <? n) f (cur d))).
    assert (Lo : forall n, n <= length T -> dur d' (LLog n) = dur d (LLog n) /\ cur d' (LLog n) = cur d (LLog n)).
    { intros n Hn. cbn [d' dur cur log_set]. destruct (length T <? n) eqn:E; [apply Nat.ltb_lt in E; lia|auto]. }
    assert (Hi : forall n, length T < n -> dur d' (LLog n) = f n /\ cur d' (LLog n) = f n).
    { intros n Hn. cbn [d' dur cur log_set]. destruct (length T <? n) eqn:E; [auto|apply Nat.ltb_ge in E; lia]. }
    unfold Inv, set_disk, mode_inv. fold d'. cbn [mode txs dseq acked dsb phase disk].
    split; [lia|]. split; [lia|]. split; [lia|]. exists w. split; [|split].
    - apply (sb_inv_transfer T T d d' w Hsb); [intros; reflexivity|intros; reflexivity|].
      intros s' G _. apply (good_transfer T T d d' s' G); [reflexivity|reflexivity| |reflexivity]. destruct G; auto.
    - destruct Hlog as [L1 L2]. split.
      + intros n Hn. destruct (Lo n ltac:(lia)) as [E1 E2]. rewrite E1, E2. apply L1; auto.
      + intros n x r Hn Hx Hr. exfalso. destruct (Hi n Hn) as [E1 E2].
        destruct Hx as [Ex|Ex]; rewrite Ex in Hr; [rewrite E1 in Hr|rewrite E2 in Hr]; rewrite Hf in Hr; auto; discriminate.
    - split; [reflexivity|]. split; [exact I|]. split.
      + intros i x b' Hx Hd Hp' Hg. exfalso. pose proof (Hmax i x b' Hx Hd Hp'). lia.
      + intros n x Hn Hx. destruct (Hi n Hn) as [E1 E2].
        destruct Hx as [Ex|Ex]; rewrite Ex; [rewrite E1|rewrite E2]; auto.
  Qed.

  (** ** Every reachable state keeps the invariant *)
  Lemma inv_step : forall s s', Inv s -> step s s' -> Inv s'.
  Proof.
    intros s s' HI Hst. destruct Hst.
    - apply inv_commit; auto.
    - apply inv_sync; auto.
    - apply inv_ack; auto.
    - apply inv_ck_pages; auto.
    - eapply inv_ck_force; eauto.
    - eapply inv_ck_super; eauto.
    - eapply inv_ck_sync; eauto.
    - apply inv_release; auto.
    - apply inv_kill; auto.
    - destruct (inv_crash s m HI (outcome_crash _ _ H)) as (k' & b' & Hr & _ & HI').
      rewrite H0 in Hr. inversion Hr; subst k'. exact HI'.
    - destruct (inv_recover s k st b HI H H0) as (_ & _ & HI'). exact HI'.
    - apply inv_open_force; auto.
    - apply inv_open_inval; auto.
  Qed.

  Lemma inv_reachable : forall init s, initial init -> reachable init s -> Inv s.
  Proof.
    intros init s Hi R. induction R as [|s s' R IH Hst].
    - apply inv_initial; auto.
    - eapply inv_step; eauto.
  Qed.

  (** ** Theorem 3 *)

  (** For every state the engine can reach (any interleaving of commits, syncs, SYNC
      acknowledgements, checkpoint steps, segment releases, kills, power losses, recoveries and
      the opening steps), and every way a power loss can leave the files, recovery succeeds and
      yields the state of the first [k] committed commits, where [k] covers every acknowledged
      SYNC commit. *)
  Theorem recovery_prefix_durable : forall init s m, initial init -> reachable init s -> crash (disk s) m ->
    exists k b, recover m = Some (k, applyn (firstn k (txs s)), b) /\ acked s <= k <= length (txs s).
  Proof.
    intros init s m Hi R Hc. pose proof (inv_reachable init s Hi R) as HI.
    destruct (inv_crash s m HI (outcome_crash _ _ Hc)) as (k & b & Hr & Hk & _).
    exists k, b. split; auto. destruct HI as (HA & _). lia.
  Qed.

  (** The same for a restart without power loss (kill -9, or a clean close): recovery reads what
      the page cache returns. *)
  Theorem recovery_after_kill : forall init s, initial init -> reachable init s ->
    exists k b, recover (cur (disk s)) = Some (k, applyn (firstn k (txs s)), b) /\ acked s <= k <= length (txs s).
  Proof.
    intros init s Hi R. pose proof (inv_reachable init s Hi R) as HI.
    destruct (inv_crash s (cur (disk s)) HI (outcome_cur _)) as (k & b & Hr & Hk & _).
    exists k, b. split; auto. destruct HI as (HA & _). lia.
  Qed.

  (** Acknowledged SYNC commits are never lost, across any number of crashes and recoveries: the
      first [acked] commits of the history never change along a run, and [acked] only grows. *)
  Lemma step_keeps_acked : forall s s', Inv s -> step s s' ->
    acked s <= acked s' /\ firstn (acked s) (txs s') = firstn (acked s) (txs s).
  Proof.
    intros s s' HI Hst. pose proof HI as (HA & HD & HN & _).
    destruct Hst; unfold set_disk in *; cbn [acked txs dseq] in *; split; try lia; try reflexivity.
    - apply firstn_app_le. lia.
    - destruct (inv_crash s m HI (outcome_crash _ _ H)) as (k' & b' & Hr & Hk & _).
      rewrite H0 in Hr. inversion Hr; subst k'. apply firstn_firstn_le. lia.
    - destruct (inv_recover s k st b HI H H0) as (_ & Hk & _). apply firstn_firstn_le. lia.
  Qed.

  Lemma reach_keeps_acked : forall s s2, Inv s -> reachable s s2 ->
    Inv s2 /\ acked s <= acked s2 /\ firstn (acked s) (txs s2) = firstn (acked s) (txs s).
  Proof.
    intros s s2 HI R. induction R as [|s1 s1' R IH Hst]; [auto|].
    destruct IH as (HI1 & Ha1 & Hf1). destruct (step_keeps_acked s1 s1' HI1 Hst) as [Ha2 Hf2].
    split; [eapply inv_step; eauto|]. split; [lia|].
    rewrite <- Hf1, <- (firstn_firstn_le (txs s1') (acked s) (acked s1)) by lia.
    rewrite Hf2, firstn_firstn_le by lia. reflexivity.
  Qed.

  Lemma reachable_trans : forall a b c, reachable a b -> reachable b c -> reachable a c.
  Proof. intros a b c R1 R2. induction R2; auto. econstructor; eauto. Qed.

  (** Crash during recovery, then recover again (and any number of times): take any reachable
      state [s] — e.g. the files a power loss left, or recovery half done — and any later state
      [s2] reached from it by any steps, including more power losses in the middle of recovery,
      of the opening steps or of the checkpoint that follows. Recovery from any power loss at
      [s2] succeeds, returns a prefix of the committed history, and that history still starts
      with exactly the commits that were acknowledged at [s]. *)
  Theorem recovery_idempotent_under_crash : forall init s s2 m2,
    initial init -> reachable init s -> reachable s s2 -> crash (disk s2) m2 ->
    exists k2 b2, recover m2 = Some (k2, applyn (firstn k2 (txs s2)), b2) /\
      acked s <= k2 <= length (txs s2) /\
      firstn (acked s) (txs s2) = firstn (acked s) (txs s).
  Proof.
    intros init s s2 m2 Hi R R2 Hc.
    pose proof (inv_reachable init s Hi R) as HI.
    destruct (reach_keeps_acked s s2 HI R2) as (HI2 & Ha & Hf).
    destruct (recovery_prefix_durable init s2 m2 Hi (reachable_trans _ _ _ R R2) Hc) as (k2 & b2 & Hr & Hk).
    exists k2, b2. split; [auto|]. split; [lia|auto].
  Qed.

  (** The crash step never blocks: every outcome of a power loss is a state of the system. *)
  Corollary crash_always_enabled : forall init s m, initial init -> reachable init s -> crash (disk s) m ->
    exists s', step s s' /\ disk s' = mkDisk m m.
  Proof.
    intros init s m Hi R Hc. destruct (recovery_prefix_durable init s m Hi R Hc) as (k & b & Hr & _).
    eexists. split; [eapply step_crash; eauto|reflexivity].
  Qed.
End Recovery.

(** * Theorem 2: copy-on-write publication (snapshot stability).

    The page store is a heap [addr -> option page] with a next-free address ([NodeStore] /
    [ChildRef]: a parent names a child by its reference; [ChildRef] javadoc: "the referenced
    node's content never changes"). A page is a leaf (entries) or a branch
    ([(separator, child address)] pairs, same layout as [BTree.node]).

    A write operation ([CowTree.put] / [CowTree.delete] then the engine's publication of the
    new root) is modelled as: read the version's tree from its root ([NodeStore.load(ref,
    level)], with the level check), run the proven operation of [BTree.v], and write the new
    tree back, allocating a fresh page for every node that is not already a page of the old
    version; a node equal to a page of the old version (at the same level) reuses that page's
    address: the untouched subtrees are shared, as Java shares their [ChildRef]s.

    The only heap write is [alloc], which writes at [next] and never at an existing page.
    [cow_snapshot_stable]: every version published before a sequence of operations still
    reads as the same tree (hence the same contents, lookups and ranges) after it.
    [cow_refines]: the version a heap operation publishes reads back as the tree the pure
    operation computes, so Theorem 1 applies to the published heap versions.

    Not modelled: freeing pages ([NodeStore.discard]) and their reuse, which the engine allows
    only once no reader holds a version that reaches them ([ReaderTable]); the theorem is about
    the tree algorithm never writing to a page that exists. *)

From Coq Require Import List ZArith Bool Arith Lia.
Import ListNotations.
From Aether Require Import spec.OrderedMap btree.BTree btree.Invariants btree.Refinement.

Definition addr := nat.

Inductive page :=
| PLeaf (es : list entry)
| PBranch (cs : list (key * addr)).

Record heap := mkHeap { pages : addr -> option page; next : addr }.

(** Every page lies below [next]. *)
Definition heap_wf (h : heap) : Prop := forall a, next h <= a -> pages h a = None.

(** [h'] keeps every page of [h] unchanged. *)
Definition extends (h h' : heap) : Prop := forall a p, pages h a = Some p -> pages h' a = Some p.

Lemma extends_refl : forall h, extends h h.
Proof. unfold extends. auto. Qed.

Lemma extends_trans : forall h1 h2 h3, extends h1 h2 -> extends h2 h3 -> extends h1 h3.
Proof. unfold extends. auto. Qed.

(** The only write: a fresh page at [next] (a new [ChildRef] that a checkpoint later writes
    to a free extent). *)
Definition alloc (h : heap) (p : page) : addr * heap :=
  (next h, mkHeap (fun a => if Nat.eqb a (next h) then Some p else pages h a) (S (next h))).

Lemma alloc_ok : forall h p, heap_wf h ->
  heap_wf (snd (alloc h p)) /\ extends h (snd (alloc h p)) /\
  pages (snd (alloc h p)) (fst (alloc h p)) = Some p.
Proof.
  intros h p W. unfold alloc, heap_wf, extends in *; simpl. split; [|split].
  - intros a Ha. destruct (Nat.eqb_spec a (next h)); [lia|]. apply W. lia.
  - intros a q Hq. destruct (Nat.eqb_spec a (next h)); auto. subst.
    rewrite W in Hq by lia. discriminate.
  - rewrite Nat.eqb_refl. reflexivity.
Qed.

(** [NodeStore.load(ref, level)]: the tree of level [lvl] rooted at [a]; [None] when a page
    is missing or its kind does not match its level (Java: [CorruptionException]). *)
Fixpoint read_kids (f : addr -> option node) (cs : list (key * addr))
  : option (list (key * node)) :=
  match cs with
  | [] => Some []
  | (k, c) :: cs' =>
      match f c, read_kids f cs' with
      | Some n, Some ns => Some ((k, n) :: ns)
      | _, _ => None
      end
  end.

Fixpoint read (h : heap) (lvl : nat) (a : addr) {struct lvl} : option node :=
  match pages h a, lvl with
  | Some (PLeaf es), O => Some (Leaf es)
  | Some (PBranch cs), S l =>
      match read_kids (read h l) cs with Some ns => Some (Branch ns) | None => None end
  | _, _ => None
  end.

Lemma read_branch : forall h l a cs, pages h a = Some (PBranch cs) ->
  read h (S l) a = match read_kids (read h l) cs with Some ns => Some (Branch ns) | None => None end.
Proof. intros h l a cs E. simpl. rewrite E. reflexivity. Qed.

(** Reading is stable under heap extension: a page that exists never changes. *)
Lemma read_extends : forall lvl h h' a n, extends h h' -> read h lvl a = Some n ->
  read h' lvl a = Some n.
Proof.
  induction lvl as [|l IH]; intros h h' a n X R.
  - simpl in *. destruct (pages h a) as [[es|cs]|] eqn:E; try discriminate.
    rewrite (X _ _ E). auto.
  - destruct (pages h a) as [[es|cs]|] eqn:E.
    + simpl in R. rewrite E in R. discriminate.
    + rewrite (read_branch _ _ _ _ E) in R. rewrite (read_branch _ _ _ _ (X _ _ E)).
      destruct (read_kids (read h l) cs) as [ns|] eqn:K; [|discriminate].
      assert (K' : read_kids (read h' l) cs = Some ns).
      { clear R E. revert ns K. induction cs as [|[k c] cs IHc]; simpl; intros ns K; auto.
        destruct (read h l c) as [m|] eqn:R1; [|discriminate].
        destruct (read_kids (read h l) cs) as [ms|] eqn:R2; [|discriminate].
        rewrite (IH _ _ _ _ X R1). rewrite (IHc ms); auto. }
      rewrite K'. auto.
    + simpl in R. rewrite E in R. discriminate.
Qed.

(** ** Writing a new version back *)

Definition entry_eq_dec (p q : entry) : {p = q} + {p <> q}.
Proof. decide equality; apply list_eq_dec; apply Z.eq_dec. Defined.

Fixpoint node_eqb (a b : node) : bool :=
  match a, b with
  | Leaf x, Leaf y => if list_eq_dec entry_eq_dec x y then true else false
  | Branch x, Branch y =>
      (fix go (x y : list (key * node)) : bool :=
         match x, y with
         | [], [] => true
         | (k, c) :: x', (k', c') :: y' =>
             (if list_eq_dec Z.eq_dec k k' then true else false) && node_eqb c c' && go x' y'
         | _, _ => false
         end) x y
  | _, _ => false
  end.

(** Induction over nodes with a hypothesis for every child of a branch. *)
Fixpoint node_rect' (P : node -> Prop) (fl : forall es, P (Leaf es))
  (fb : forall cs, Forall (fun p => P (snd p)) cs -> P (Branch cs)) (n : node) : P n :=
  match n with
  | Leaf es => fl es
  | Branch cs =>
      fb cs ((fix go (cs : list (key * node)) : Forall (fun p => P (snd p)) cs :=
                match cs with
                | [] => Forall_nil _
                | (k, c) :: cs' => @Forall_cons _ (fun p => P (snd p)) (k, c) cs'
                                     (node_rect' P fl fb c) (go cs')
                end) cs)
  end.

Lemma node_eqb_true : forall a b, node_eqb a b = true -> a = b.
Proof.
  intro a. induction a as [es|cs IH] using node_rect'; intros [es'|cs'] H; simpl in H;
    try discriminate.
  - destruct (list_eq_dec entry_eq_dec es es'); congruence.
  - f_equal. revert cs' H. induction cs as [|[k c] cs IHc]; intros [|[k' c'] cs'] H;
      try discriminate; auto.
    inversion IH as [|x y Hc Hcs]; subst.
    apply andb_prop in H. destruct H as [H Hr]. apply andb_prop in H. destruct H as [Hk Hn].
    destruct (list_eq_dec Z.eq_dec k k'); [|discriminate]. subst.
    simpl in Hc. rewrite (Hc _ Hn). f_equal. apply IHc; auto.
Qed.

(** Pages of the old version, with their level and their tree: the subtrees a new version
    may share. *)
Definition shared := list (nat * node * addr).

Fixpoint lookup (old : shared) (lvl : nat) (n : node) : option addr :=
  match old with
  | [] => None
  | (l, m, a) :: old' => if Nat.eqb l lvl && node_eqb m n then Some a else lookup old' lvl n
  end.

Fixpoint store_kids (f : heap -> node -> addr * heap) (h : heap) (cs : list (key * node))
  : list (key * addr) * heap :=
  match cs with
  | [] => ([], h)
  | (k, c) :: cs' =>
      let '(a, h1) := f h c in
      let '(rest, h2) := store_kids f h1 cs' in
      ((k, a) :: rest, h2)
  end.

(** [CowTree]'s [new ChildRef(node)] for every node on the changed path, sharing the rest. *)
Fixpoint store (old : shared) (h : heap) (lvl : nat) (n : node) {struct lvl} : addr * heap :=
  match lookup old lvl n with
  | Some a => (a, h)
  | None =>
      match lvl, n with
      | S l, Branch cs =>
          let '(cs', h') := store_kids (fun h c => store old h l c) h cs in
          alloc h' (PBranch cs')
      | _, Branch _ => alloc h (PBranch []) (* a branch at level 0: never produced *)
      | _, Leaf es => alloc h (PLeaf es)
      end
  end.

Lemma store_kids_extends : forall f cs h,
  Forall (fun p => forall h, heap_wf h -> heap_wf (snd (f h (snd p))) /\ extends h (snd (f h (snd p)))) cs ->
  heap_wf h -> heap_wf (snd (store_kids f h cs)) /\ extends h (snd (store_kids f h cs)).
Proof.
  induction cs as [|[k c] cs IH]; intros h F W; simpl.
  - split; auto. apply extends_refl.
  - inversion F as [|x y Hc Hcs]; subst. simpl in Hc.
    destruct (Hc h W) as [S1 S2]. destruct (f h c) as [a h1]. simpl in S1, S2.
    destruct (IH h1 Hcs S1) as [T1 T2].
    destruct (store_kids f h1 cs) as [rest h2]. simpl in *. split; auto.
    eapply extends_trans; eauto.
Qed.

Lemma store_extends : forall lvl n old h, heap_wf h ->
  heap_wf (snd (store old h lvl n)) /\ extends h (snd (store old h lvl n)).
Proof.
  induction lvl as [|l IH]; intros n old h W; simpl;
    (destruct (lookup old _ n); simpl; [split; auto; apply extends_refl|]).
  - destruct n as [es|cs].
    + destruct (alloc_ok h (PLeaf es) W) as (A1 & A2 & _). auto.
    + destruct (alloc_ok h (PBranch []) W) as (A1 & A2 & _). auto.
  - destruct n as [es|cs].
    + destruct (alloc_ok h (PLeaf es) W) as (A1 & A2 & _). auto.
    + assert (F : Forall (fun p => forall h, heap_wf h ->
                  heap_wf (snd ((fun h c => store old h l c) h (snd p))) /\
                  extends h (snd ((fun h c => store old h l c) h (snd p)))) cs).
      { apply Forall_forall. intros p _ h0 W0. apply IH. auto. }
      destruct (store_kids_extends _ cs h F W) as [G1 G2].
      destruct (store_kids (fun h c => store old h l c) h cs) as [cs' h'].
      simpl in G1, G2.
      destruct (alloc_ok h' (PBranch cs') G1) as (A1 & A2 & _). split; auto.
      eapply extends_trans; eauto.
Qed.

(** ** Versions and operations on the heap *)

(** A published version: root address and level ([Engine]'s published [(root, height)]). *)
Record version := mkVersion { vlevel : nat; vroot : addr }.

(** The pages of a version: [(level, tree, address)] for the root and every page below. *)
Fixpoint pages_of (h : heap) (lvl : nat) (a : addr) {struct lvl} : shared :=
  match read h lvl a with
  | None => []
  | Some n =>
      (lvl, n, a) ::
      match pages h a, lvl with
      | Some (PBranch cs), S l => flat_map (fun p => pages_of h l (snd p)) cs
      | _, _ => []
      end
  end.

Section Page.
(** The page size (a parameter of the tree operations, [BTree.v]). *)
Variable page : Z.
Local Notation apply_op := (Refinement.apply_op page).
Local Notation run := (Refinement.run page).

(** Write [t'] as the successor of version [v]: fresh pages for new nodes, the old version's
    pages for unchanged subtrees. *)
Definition publish (h : heap) (v : version) (t' : tree) : version * heap :=
  let '(a, h') := store (pages_of h (vlevel v) (vroot v)) h (level t') (root t') in
  (mkVersion (level t') a, h').

(** One commit's tree change on the heap: [CowTree.put] / [CowTree.delete] on the version's
    tree, then publication of the new root. *)
Definition hop (h : heap) (v : version) (o : op value) : version * heap :=
  match read h (vlevel v) (vroot v) with
  | None => (v, h)
  | Some n => publish h v (apply_op (mkTree (vlevel v) n) o)
  end.

Fixpoint hrun (h : heap) (v : version) (ops : list (op value)) : version * heap :=
  match ops with
  | [] => (v, h)
  | o :: ops' => let '(v', h') := hop h v o in hrun h' v' ops'
  end.

Lemma hop_extends : forall h v o, heap_wf h ->
  heap_wf (snd (hop h v o)) /\ extends h (snd (hop h v o)).
Proof.
  intros h v o W. unfold hop. destruct (read h (vlevel v) (vroot v)) as [n|].
  - unfold publish.
    pose proof (store_extends (level (apply_op (mkTree (vlevel v) n) o))
                  (root (apply_op (mkTree (vlevel v) n) o))
                  (pages_of h (vlevel v) (vroot v)) h W) as S.
    destruct (store _ _ _ _) as [a h']. exact S.
  - split; auto. apply extends_refl.
Qed.

Lemma hrun_extends : forall ops h v, heap_wf h ->
  heap_wf (snd (hrun h v ops)) /\ extends h (snd (hrun h v ops)).
Proof.
  induction ops as [|o ops IH]; intros h v W; simpl.
  - split; auto. apply extends_refl.
  - destruct (hop_extends h v o W) as [W1 X1]. destruct (hop h v o) as [v' h'].
    simpl in W1, X1. destruct (IH h' v' W1) as [W2 X2]. split; auto.
    eapply extends_trans; eauto.
Qed.

(** Theorem 2 (copy-on-write publication / snapshot stability): after any sequence of
    operations, every version that could be read before (in particular every version
    published earlier) reads as exactly the same tree. *)
Theorem cow_snapshot_stable : forall ops h v, heap_wf h ->
  heap_wf (snd (hrun h v ops)) /\
  forall u t, read h (vlevel u) (vroot u) = Some t ->
              read (snd (hrun h v ops)) (vlevel u) (vroot u) = Some t.
Proof.
  intros ops h v W. destruct (hrun_extends ops h v W) as [W1 X1]. split; auto.
  intros u t R. eapply read_extends; eauto.
Qed.

(** Hence a published version's contents, lookups and ranges never change. *)
Corollary cow_snapshot_contents_stable : forall ops h v u t, heap_wf h ->
  read h (vlevel u) (vroot u) = Some t ->
  exists t', read (snd (hrun h v ops)) (vlevel u) (vroot u) = Some t' /\
    elements t' = elements t /\
    (forall k, get (mkTree (vlevel u) t') k = get (mkTree (vlevel u) t) k) /\
    (forall from to limit, range (mkTree (vlevel u) t') from to limit =
                           range (mkTree (vlevel u) t) from to limit).
Proof.
  intros ops h v u t W R. exists t. split; auto.
  destruct (cow_snapshot_stable ops h v W) as [_ S]. apply S. auto.
Qed.

(** ** The published version reads back as the pure operation's result *)

Fixpoint shape (lvl : nat) (n : node) : Prop :=
  match lvl, n with
  | O, Leaf _ => True
  | S l, Branch cs => Forall (fun p => shape l (snd p)) cs
  | _, _ => False
  end.

Lemma kids_shape : forall (P : bound -> bound -> node -> Prop) (Q : node -> Prop),
  (forall lo hi n, P lo hi n -> Q n) ->
  forall rest lo hi c, kids P lo hi c rest -> Q c /\ Forall (fun p => Q (snd p)) rest.
Proof.
  intros P Q HPQ. induction rest as [|[s c'] rest IH]; simpl; intros lo hi c H.
  - eauto.
  - destruct H as (H1 & _ & _ & H4). destruct (IH _ _ _ H4). eauto.
Qed.

Lemma inv_shape : forall d lo hi n, inv d lo hi n -> shape d n.
Proof.
  induction d as [|d IH]; intros lo hi [es|[|[k c] rest]] H; simpl in *; auto.
  destruct (kids_shape _ _ IH rest lo hi c H) as [H1 H2]. constructor; auto.
Qed.

Definition sound (h : heap) (old : shared) : Prop :=
  forall l m a, In (l, m, a) old -> read h l a = Some m.

Lemma sound_extends : forall h h' old, extends h h' -> sound h old -> sound h' old.
Proof. unfold sound. intros. eapply read_extends; eauto. Qed.

Lemma lookup_sound : forall old lvl n a, lookup old lvl n = Some a ->
  In (lvl, n, a) old.
Proof.
  induction old as [|[[l m] b] old IH]; simpl; intros lvl n a H; [discriminate|].
  destruct (Nat.eqb l lvl && node_eqb m n) eqn:E.
  - inversion H; subst. apply andb_prop in E. destruct E as [E1 E2].
    apply Nat.eqb_eq in E1. apply node_eqb_true in E2. subst. auto.
  - right. auto.
Qed.

Lemma read_kids_extends : forall h h' l cs ns, extends h h' ->
  read_kids (read h l) cs = Some ns -> read_kids (read h' l) cs = Some ns.
Proof.
  intros h h' l cs. induction cs as [|[k c] cs IHc]; simpl; intros ns X K; auto.
  destruct (read h l c) as [m|] eqn:R1; [|discriminate].
  destruct (read_kids (read h l) cs) as [ms|] eqn:R2; [|discriminate].
  rewrite (read_extends _ _ _ _ _ X R1). rewrite (IHc ms); auto.
Qed.

Lemma store_kids_read : forall (Q : heap -> Prop) f l cs h,
  (forall h h', extends h h' -> Q h -> Q h') ->
  Forall (fun p => forall h, heap_wf h -> Q h ->
    heap_wf (snd (f h (snd p))) /\ extends h (snd (f h (snd p))) /\
    read (snd (f h (snd p))) l (fst (f h (snd p))) = Some (snd p)) cs ->
  heap_wf h -> Q h ->
  heap_wf (snd (store_kids f h cs)) /\ extends h (snd (store_kids f h cs)) /\
  read_kids (read (snd (store_kids f h cs)) l) (fst (store_kids f h cs)) = Some cs.
Proof.
  intros Q f l. induction cs as [|[k c] cs IH]; intros h HQ F W Qh; simpl.
  - split; auto. split; auto. apply extends_refl.
  - inversion F as [|x y Hc Hcs]; subst. simpl in Hc.
    destruct (Hc h W Qh) as (S1 & S2 & S3). destruct (f h c) as [a h1]. simpl in S1, S2, S3.
    destruct (IH h1 HQ Hcs S1 (HQ _ _ S2 Qh)) as (T1 & T2 & T3).
    destruct (store_kids f h1 cs) as [rest h2]. simpl in *.
    split; auto. split; [eapply extends_trans; eauto|].
    rewrite (read_extends _ _ _ _ _ T2 S3). rewrite T3. reflexivity.
Qed.

Lemma store_read : forall lvl n old h, heap_wf h -> sound h old -> shape lvl n ->
  read (snd (store old h lvl n)) lvl (fst (store old h lvl n)) = Some n.
Proof.
  induction lvl as [|l IH]; intros n old h W So Sh; cbn [store].
  - destruct (lookup old 0 n) as [a|] eqn:L.
    + exact (So _ _ _ (lookup_sound _ _ _ _ L)).
    + destruct n as [es|cs]; simpl in Sh; [|contradiction].
      destruct (alloc_ok h (PLeaf es) W) as (_ & _ & A).
      destruct (alloc h (PLeaf es)) as [a h']. simpl in *. rewrite A. reflexivity.
  - destruct (lookup old (S l) n) as [a|] eqn:L.
    + exact (So _ _ _ (lookup_sound _ _ _ _ L)).
    + destruct n as [es|cs]; simpl in Sh; [contradiction|].
      assert (F : Forall (fun p => forall h, heap_wf h -> sound h old ->
        heap_wf (snd ((fun h c => store old h l c) h (snd p))) /\
        extends h (snd ((fun h c => store old h l c) h (snd p))) /\
        read (snd ((fun h c => store old h l c) h (snd p))) l
             (fst ((fun h c => store old h l c) h (snd p))) = Some (snd p)) cs).
      { eapply Forall_impl; [|exact Sh]. intros p Hp h0 W0 So0.
        destruct (store_extends l (snd p) old h0 W0) as [E1 E2].
        split; auto. }
      destruct (store_kids_read (fun h => sound h old) _ l cs h
                  (fun h h' X S => sound_extends h h' old X S) F W So) as (G1 & G2 & G3).
      destruct (store_kids (fun h c => store old h l c) h cs) as [cs' h'].
      simpl in G1, G2, G3.
      destruct (alloc_ok h' (PBranch cs') G1) as (A1 & A2 & A3).
      destruct (alloc h' (PBranch cs')) as [a h'']. simpl in *.
      rewrite A3.
      rewrite (read_kids_extends _ _ _ _ _ A2 G3). reflexivity.
Qed.

Lemma pages_of_sound : forall lvl h a, sound h (pages_of h lvl a).
Proof.
  induction lvl as [|l IH]; intros h a; unfold sound; intros l' m b Hin; cbn [pages_of] in Hin;
    (destruct (read h _ a) as [n|] eqn:R; [|contradiction]);
    (destruct Hin as [Hin|Hin]; [inversion Hin; subst; auto|]).
  - destruct (pages h a) as [[es|cs]|]; simpl in Hin; contradiction.
  - destruct (pages h a) as [[es|cs]|]; try contradiction.
    apply in_flat_map in Hin. destruct Hin as [p [_ Hp]]. eapply IH; eauto.
Qed.

(** The version [hop] publishes reads back as the tree the proven operation computes. *)
Theorem cow_refines : forall h v o n, heap_wf h ->
  read h (vlevel v) (vroot v) = Some n -> tinv (mkTree (vlevel v) n) ->
  let t' := apply_op (mkTree (vlevel v) n) o in
  vlevel (fst (hop h v o)) = level t' /\
  read (snd (hop h v o)) (vlevel (fst (hop h v o))) (vroot (fst (hop h v o))) = Some (root t') /\
  tinv t'.
Proof.
  intros h v o n W R I t'. unfold hop. rewrite R. unfold publish.
  assert (I' : tinv t').
  { unfold t'. destruct o as [k x|k]; simpl; [apply put_correct|apply delete_correct]; auto. }
  pose proof (store_read (level t') (root t') (pages_of h (vlevel v) (vroot v)) h W
                (pages_of_sound _ _ _) (inv_shape _ _ _ _ I')) as S.
  fold t'. destruct (store _ _ _ _) as [a h']. simpl in *. auto.
Qed.

(** Operations from the empty database: the heap version always reads as the pure model's
    tree, so Theorem 1 ([btree_refines_map], [range_iteration_correct]) holds for it. *)
Definition empty_heap : heap := mkHeap (fun a => if Nat.eqb a 0 then Some (PLeaf []) else None) 1.
Definition empty_version : version := mkVersion 0 0.

Lemma empty_heap_wf : heap_wf empty_heap.
Proof. intros a Ha. simpl in *. destruct (Nat.eqb_spec a 0); [lia|auto]. Qed.

Theorem cow_run_refines : forall ops,
  heap_wf (snd (hrun empty_heap empty_version ops)) /\
  vlevel (fst (hrun empty_heap empty_version ops)) = level (run ops) /\
  read (snd (hrun empty_heap empty_version ops)) (vlevel (fst (hrun empty_heap empty_version ops)))
       (vroot (fst (hrun empty_heap empty_version ops))) = Some (root (run ops)).
Proof.
  intro ops. unfold run.
  assert (G : forall ops h v t, heap_wf h -> tinv t -> vlevel v = level t ->
            read h (vlevel v) (vroot v) = Some (root t) ->
            heap_wf (snd (hrun h v ops)) /\
            vlevel (fst (hrun h v ops)) = level (fold_left apply_op ops t) /\
            read (snd (hrun h v ops)) (vlevel (fst (hrun h v ops))) (vroot (fst (hrun h v ops)))
              = Some (root (fold_left apply_op ops t))).
  { induction ops0 as [|o ops0 IH]; intros h v t W I L R; simpl; auto.
    destruct t as [lt rt]. simpl in L, R. subst lt.
    destruct (cow_refines h v o rt W R I) as (C1 & C2 & C3).
    destruct (hop_extends h v o W) as [W1 _].
    destruct (hop h v o) as [v' h']. simpl in *. apply IH; auto. }
  apply G; auto. apply empty_heap_wf. apply inv_empty.
Qed.

End Page.

(** * Theorem 1 (fill bounds, in bytes): for a page size [P] from 4096 to 65536 and keys of
    1 to [maxKey P] bytes, after any sequence of puts and deletes from the empty tree every
    node but the root fills at least a quarter page and fits a page
    ([minFill P <= bytes <= P]), the root fits a page, and a root branch has at least two
    children ([CowTree] class comment: "every node fits a page; every node but the root fills
    at least a quarter page ([PageFormat.minFill]); a branch has at least two children").

    A node's size is its Java size ([BTree.node_bytes]: [NodeLayout.leafBytes] /
    [branchBytes]); splits are Java's balanced splits and [rebalance] merges when the merged
    pair fits a page, else re-splits it ([BTree.v], arithmetic in [FillBytes.v]). A non-root
    branch that fills a quarter page has at least three children ([branch_min_children]), so
    every branch has at least two.

    Hypotheses, stated once as section hypotheses (parameters of every theorem here):
    [page_min], [page_max] ([Options]: [pageSize] a power of two in [4096, 65536]); the key
    bound is the premise [Forall key_fits ops] of [btree_ops_preserve_invariants]
    ([AetherDB]: [Args.keyLimits], keys of 1 to [maxKeySize()] bytes).

    Main result: [btree_ops_preserve_invariants]. *)

From Coq Require Import List ZArith Bool Arith Lia.
Import ListNotations.
From Aether Require Import spec.OrderedMap btree.FillBytes btree.BTree btree.Invariants
  btree.Refinement.

Local Open Scope Z_scope.

(** [shortestSeparator] is a prefix of its right key: never longer. *)
Lemma shortest_sep_length : forall l r, (length (shortest_sep l r) <= length r)%nat.
Proof.
  induction l as [|x l IH]; destruct r as [|y r]; cbn [shortest_sep length]; try lia.
  destruct (Z.eqb x y); cbn [length]; [specialize (IH r); lia | lia].
Qed.

Lemma Forall_firstn' : forall {A} (Q : A -> Prop) n l, Forall Q l -> Forall Q (firstn n l).
Proof. intros A Q n l H. revert n. induction H; intros [|n]; cbn [firstn]; constructor; auto. Qed.

Lemma Forall_skipn' : forall {A} (Q : A -> Prop) n l, Forall Q l -> Forall Q (skipn n l).
Proof. intros A Q n l H. revert n. induction H; intros [|n]; cbn [skipn]; try constructor; auto. Qed.

Lemma zsum_map_nonneg : forall {A} (f : A -> Z) l, (forall x, 0 <= f x) -> 0 <= zsum (map f l).
Proof. intros A f l H. induction l as [|x l IH]; cbn [map zsum]; [lia|]. specialize (H x). lia. Qed.

Lemma tl_skipn : forall {A} (t : list A) m, tl (skipn m t) = skipn (S m) t.
Proof. intros A t. induction t as [|x t IH]; intros [|m]; try reflexivity. exact (IH m). Qed.

Lemma sep_bytes_nonneg : forall k, 0 <= sep_bytes k.
Proof. intros k. unfold sep_bytes, separator_bytes, varint_size. bool_cases; lia. Qed.

(** The children's part of a branch's size: a child reference and a separator each. *)
Definition pb (l : list (key * node)) : Z :=
  zsum (map (fun p => CHILD_REF_BYTES + sep_bytes (fst p)) l).

Lemma pb_app : forall a b, pb (a ++ b) = pb a + pb b.
Proof. intros. unfold pb. rewrite map_app, zsum_app. reflexivity. Qed.

Lemma pb_cons : forall p l, pb (p :: l) = CHILD_REF_BYTES + sep_bytes (fst p) + pb l.
Proof. intros. unfold pb. cbn [map zsum]. lia. Qed.

Lemma pb_nil : pb [] = 0.
Proof. reflexivity. Qed.

Lemma pb_nonneg : forall l, 0 <= pb l.
Proof.
  intros l. unfold pb. apply zsum_map_nonneg. intros p. pose proof (sep_bytes_nonneg (fst p)).
  unfold CHILD_REF_BYTES. lia.
Qed.

Lemma length_seps : forall cs, length (seps_of cs) = (length cs - 1)%nat.
Proof. intros [|c cs]; unfold seps_of; cbn [tl]; rewrite map_length; cbn [length]; lia. Qed.

Lemma seps_firstn : forall cs m, seps_of (firstn (S m) cs) = firstn m (seps_of cs).
Proof.
  intros [|c cs] m; unfold seps_of; cbn [firstn tl]; [destruct m; reflexivity|].
  rewrite firstn_map. reflexivity.
Qed.

Lemma seps_skipn : forall cs m, seps_of (skipn (S m) cs) = skipn (S m) (seps_of cs).
Proof.
  intros [|c cs] m; unfold seps_of; [reflexivity|].
  change (tl (skipn (S m) (c :: cs))) with (tl (skipn m cs)).
  rewrite skipn_map, tl_skipn. reflexivity.
Qed.

Section Page.

Variable P : Z.
(** [Options.Builder.build]: the page size is a power of two from 4096 to 65536. *)
Hypothesis page_min : 4096 <= P.
Hypothesis page_max : P <= 65536.

Local Notation split := (BTree.split P).
Local Notation fit := (BTree.fit P).
Local Notation merge_fit := (BTree.merge_fit P).
Local Notation replace_child := (BTree.replace_child P).
Local Notation put_node := (BTree.put_node P).
Local Notation delete_node := (BTree.delete_node P).
Local Notation put := (BTree.put P).
Local Notation delete := (BTree.delete P).
Local Notation node_bytes := (BTree.node_bytes P).
Local Notation entry_bytes := (BTree.entry_bytes P).
Local Notation run := (Refinement.run P).
Local Notation apply_op := (Refinement.apply_op P).
Local Notation leaf_entry_max := (FillBytes.leaf_entry_max P).
Local Notation sep_max := (FillBytes.sep_max P).

Ltac page := unfold FillBytes.leaf_entry_max, FillBytes.sep_max, min_fill, max_key, max_inline,
  CHILD_REF_BYTES, HEADER in *; Z.div_mod_to_equations; lia.

(** ** The invariant *)

(** A key within [maxKey P] ([Args.keyLimits]); separators are prefixes of keys. *)
Definition key_ok (k : key) : Prop := Z.of_nat (length k) <= max_key P.

Definition leaf_keys (es : list entry) : Prop :=
  Forall (fun e => 1 <= Z.of_nat (length (fst e)) <= max_key P) es.

Definition branch_keys (cs : list (key * node)) : Prop := Forall (fun p => key_ok (fst p)) cs.

(** [minFill P <= bytes <= P]: the bound of every node but the root. *)
Definition okfill (n : node) : Prop := min_fill P <= node_bytes n <= P.

(** Every node strictly below [n] is within the bounds; keys within [maxKey]; a branch is
    not empty. *)
Fixpoint fill (d : nat) (n : node) : Prop :=
  match d, n with
  | O, Leaf es => leaf_keys es
  | S l, Branch cs =>
      cs <> [] /\ branch_keys cs /\ Forall (fun p => okfill (snd p) /\ fill l (snd p)) cs
  | _, _ => False
  end.

Definition kidsok (d : nat) (cs : list (key * node)) : Prop :=
  Forall (fun p => okfill (snd p) /\ fill d (snd p)) cs.

(** A replacement for a subtree: one node that fits a page (it may be underfull: the parent
    rebalances it), or two nodes within the bounds and a separator within [maxKey]. *)
Definition rfill (d : nat) (r : repl) : Prop :=
  match r with
  | One c => fill d c /\ node_bytes c <= P
  | Two l s rt => okfill l /\ fill d l /\ key_ok s /\ okfill rt /\ fill d rt
  end.

(** The tree: every node below the root within [[minFill P, P]], the root within [P], a root
    branch with at least two children. *)
Definition tfill (t : tree) : Prop :=
  fill (level t) (root t) /\ node_bytes (root t) <= P /\ (0 < level t -> 2 <= size (root t))%nat.

(** How far over the page a node may be before [fit] splits it: a put adds one entry to a
    leaf; a branch gains a child reference and a separator (a split child), or a separator
    grows (a re-split pair), or it is a merged pair with an underfull half. *)
Definition slack (d : nat) : Z :=
  match d with O => leaf_entry_max | S _ => min_fill P + CHILD_REF_BYTES + sep_max end.

(** ** Sizes *)

Lemma sep_max_nonneg : 0 <= sep_max.
Proof. page. Qed.

Lemma min_fill_nonneg : 0 <= min_fill P.
Proof. page. Qed.

Lemma entry_bytes_nonneg : forall e, 0 <= entry_bytes e.
Proof.
  intros [k v]. unfold BTree.entry_bytes, leaf_entry_bytes, log_above, varint_size, LOGGED_REF_BYTES, BLOB_REF_BYTES.
  bool_cases; lia.
Qed.

Lemma entry_bytes_ok : forall e, 1 <= Z.of_nat (length (fst e)) <= max_key P ->
  0 <= entry_bytes e <= leaf_entry_max.
Proof.
  intros [k v] H. cbn [fst] in H. unfold BTree.entry_bytes. cbn [fst snd].
  pose proof (leaf_entry_bytes_bounds P page_min page_max (Z.of_nat (length k))
                (Z.of_nat (length v)) H ltac:(lia)). lia.
Qed.

Lemma sep_bytes_ok : forall k, key_ok k -> 0 <= sep_bytes k <= sep_max.
Proof.
  intros k H. unfold sep_bytes, key_ok in *.
  pose proof (separator_bytes_bounds P page_max (Z.of_nat (length k)) ltac:(lia)). lia.
Qed.

Lemma leaf_bounded : forall es, leaf_keys es -> bounded leaf_entry_max (map entry_bytes es).
Proof.
  intros es H. unfold leaf_keys, bounded in *.
  induction H as [|e es He H IH]; cbn [map]; constructor; auto. apply entry_bytes_ok. auto.
Qed.

Lemma branch_bounded : forall cs, branch_keys cs -> bounded sep_max (seps_of cs).
Proof.
  intros cs H. unfold seps_of, branch_keys, bounded in *.
  destruct H as [|p cs Hp H]; cbn [tl map]; [constructor|].
  induction H as [|q cs Hq H IH]; cbn [map]; constructor; auto. apply sep_bytes_ok. auto.
Qed.

Lemma node_bytes_leaf : forall es, node_bytes (Leaf es) = 16 + zsum (map entry_bytes es).
Proof. reflexivity. Qed.

Lemma node_bytes_branch : forall cs, node_bytes (Branch cs) = 28 + pb (tl cs).
Proof.
  intros cs. cbn [BTree.node_bytes]. unfold branch_bytes, seps_of, pb, HEADER, CHILD_REF_BYTES.
  generalize (tl cs) as l. intros l. induction l as [|p l IH]; cbn [map zsum length]; [lia|].
  rewrite Nat2Z.inj_succ. lia.
Qed.

Lemma leaf_min : forall es, 16 <= node_bytes (Leaf es).
Proof.
  intros. rewrite node_bytes_leaf. pose proof (zsum_map_nonneg entry_bytes es entry_bytes_nonneg).
  lia.
Qed.

Lemma branch_min : forall cs, 28 <= node_bytes (Branch cs).
Proof. intros. rewrite node_bytes_branch. pose proof (pb_nonneg (tl cs)). lia. Qed.

Definition hk (x : list (key * node)) (k : key) : Z :=
  match x with [] => 0 | _ => CHILD_REF_BYTES + sep_bytes k end.

(** The size of a branch around a segment [(k, c) :: y] of its children. *)
Lemma bytes_seg : forall x k c y z,
  node_bytes (Branch (x ++ (k, c) :: y ++ z)) = 28 + pb (tl x) + hk x k + pb y + pb z.
Proof.
  intros. rewrite node_bytes_branch. destruct x as [|p x]; cbn [tl app hk].
  - rewrite pb_app, pb_nil. lia.
  - rewrite pb_app, pb_cons, pb_app. cbn [fst]. lia.
Qed.

Lemma okfill_size : forall d n, fill (S d) n -> okfill n -> (3 <= size n)%nat.
Proof.
  intros d [es|cs] F O; cbn [fill] in F; [contradiction|]. destruct F as (Fne & Fk & Fc).
  pose proof (branch_min_children P page_min page_max (seps_of cs) (branch_bounded cs Fk)
                (proj1 O)) as H.
  rewrite length_seps in H. cbn [size]. lia.
Qed.

(** ** Leaves: put and delete *)

Lemma leaf_put_bytes : forall es k v,
  zsum (map entry_bytes (leaf_put es k v)) <= zsum (map entry_bytes es) + entry_bytes (k, v).
Proof.
  induction es as [|[k' v'] es IH]; intros k v; cbn [leaf_put map zsum]; [lia|].
  pose proof (entry_bytes_nonneg (k', v')).
  destruct (kcmp k k'); cbn [map zsum]; try lia. specialize (IH k v). lia.
Qed.

Lemma leaf_put_keys : forall es k v, leaf_keys es ->
  1 <= Z.of_nat (length k) <= max_key P -> leaf_keys (leaf_put es k v).
Proof.
  unfold leaf_keys. induction es as [|[k' v'] es IH]; intros k v H Hk; cbn [leaf_put].
  - constructor; [exact Hk|constructor].
  - inversion H as [|x l Hx Hl]; subst.
    destruct (kcmp k k'); constructor; auto.
Qed.

Lemma leaf_del_fill : forall es k es', leaf_del es k = Some es' -> leaf_keys es ->
  leaf_keys es' /\ zsum (map entry_bytes es') <= zsum (map entry_bytes es).
Proof.
  unfold leaf_keys. induction es as [|[k' v'] es IH]; intros k es' D H; cbn [leaf_del] in D;
    [discriminate|].
  pose proof (entry_bytes_nonneg (k', v')). inversion H as [|x l Hx Hl]; subst.
  destruct (kcmp k k'); [| discriminate |].
  - inversion D; subst. cbn [map zsum]. split; [auto|lia].
  - destruct (leaf_del es k) as [r|] eqn:E; [|discriminate]. inversion D; subst.
    destruct (IH k r E Hl) as [A B]. cbn [map zsum]. split; [constructor; auto|lia].
Qed.

(** ** Split, fit, merge *)

(** [split] of a node over the page by at most [slack]: two halves within the bounds. *)
Lemma split_fill : forall d n, fill d n -> P < node_bytes n -> node_bytes n <= P + slack d ->
  exists l s r, split n = Two l s r /\ okfill l /\ fill d l /\ key_ok s /\ okfill r /\ fill d r.
Proof.
  intros [|d] [es|cs] F H1 H2; cbn [fill] in F; try contradiction; cbn [slack] in H2.
  - set (xs := map entry_bytes es).
    assert (HB : bounded leaf_entry_max xs) by (apply leaf_bounded; exact F).
    destruct (leaf_split_fill P page_min xs HB (conj H1 H2)) as (R1 & R2 & R3).
    set (m := balanced_leaf_split xs) in *.
    assert (Lx : length xs = length es) by apply map_length.
    assert (Hlen : (2 <=? length es)%nat = true) by (apply Nat.leb_le; lia).
    assert (Fl : leaf_keys (firstn m es)) by (apply Forall_firstn'; exact F).
    assert (Fr : leaf_keys (skipn m es)) by (apply Forall_skipn'; exact F).
    assert (Kr : key_ok (first_key (skipn m es))).
    { destruct (skipn m es) as [|e r'] eqn:Er.
      - assert (length (skipn m es) = 0%nat) by (rewrite Er; reflexivity).
        rewrite skipn_length in H. lia.
      - unfold first_key, key_ok. cbn [hd]. unfold leaf_keys in Fr.
        pose proof (Forall_inv Fr) as He. cbv beta in He. exact (proj2 He). }
    exists (Leaf (firstn m es)), (shortest_sep (last_key (firstn m es)) (first_key (skipn m es))),
      (Leaf (skipn m es)).
    split; [cbn [BTree.split]; rewrite Hlen; reflexivity|].
    split; [|split; [exact Fl|split; [|split; [|exact Fr]]]].
    + unfold okfill. change (node_bytes (Leaf (firstn m es)))
        with (leaf_bytes (map entry_bytes (firstn m es))). rewrite <- firstn_map. exact R2.
    + unfold key_ok in *. pose proof (shortest_sep_length (last_key (firstn m es))
                                        (first_key (skipn m es))). lia.
    + unfold okfill. change (node_bytes (Leaf (skipn m es)))
        with (leaf_bytes (map entry_bytes (skipn m es))). rewrite <- skipn_map. exact R3.
  - destruct F as (Fne & Fk & Fc).
    set (seps := seps_of cs).
    assert (HB : bounded sep_max seps) by (apply branch_bounded; exact Fk).
    assert (H2' : branch_bytes seps <= P + min_fill P + CHILD_REF_BYTES + sep_max)
      by (change (branch_bytes seps) with (node_bytes (Branch cs)); lia).
    destruct (branch_split_fill P page_min seps HB (conj H1 H2')) as (R1 & R2 & R3).
    set (m' := balanced_branch_split seps) in *.
    assert (Ls : length seps = (length cs - 1)%nat) by apply length_seps.
    assert (Fl : branch_keys (firstn (S m') cs) /\ kidsok d (firstn (S m') cs))
      by (split; apply Forall_firstn'; auto).
    assert (Hne : firstn (S m') cs <> []).
    { destruct cs; [congruence|]. cbn [firstn]. congruence. }
    assert (Ol : okfill (Branch (firstn (S m') cs))).
    { unfold okfill. change (node_bytes (Branch (firstn (S m') cs)))
        with (branch_bytes (seps_of (firstn (S m') cs))). rewrite seps_firstn. exact R2. }
    assert (Or : okfill (Branch (skipn (S m') cs))).
    { unfold okfill. change (node_bytes (Branch (skipn (S m') cs)))
        with (branch_bytes (seps_of (skipn (S m') cs))). rewrite seps_skipn. exact R3. }
    assert (Fr : branch_keys (skipn (S m') cs) /\ kidsok d (skipn (S m') cs))
      by (split; apply Forall_skipn'; auto).
    assert (Hl : (S m' < length cs)%nat) by lia.
    destruct (skipn (S m') cs) as [|[s c] rest] eqn:Es.
    { assert (length (skipn (S m') cs) = 0%nat) by (rewrite Es; reflexivity).
      rewrite skipn_length in H. lia. }
    exists (Branch (firstn (S m') cs)), s, (Branch ((s, c) :: rest)).
    split; [cbn [BTree.split]; fold seps; fold m'; rewrite Es; reflexivity|].
    destruct Fl as [Fl1 Fl2]. destruct Fr as [Fr1 Fr2].
    split; [exact Ol|]. split; [cbn [fill]; auto|].
    split; [exact (Forall_inv Fr1)|]. split; [exact Or|]. cbn [fill]. split; [congruence|auto].
Qed.

(** [CowTree.fitLeaf] / [fitBranch]. *)
Lemma fit_fill : forall d n, fill d n -> node_bytes n <= P + slack d -> rfill d (fit n).
Proof.
  intros d n F H. unfold BTree.fit. destruct (Z.leb (node_bytes n) P) eqn:E.
  - apply Z.leb_le in E. cbn [rfill]. auto.
  - apply Z.leb_gt in E. destruct (split_fill d n F E H) as (l & s & r & Es & A).
    rewrite Es. cbn [rfill]. tauto.
Qed.

Lemma merge_fill : forall d l s r, fill d l -> fill d r -> key_ok s ->
  fill d (merge l s r) /\
  Z.max (node_bytes l) (node_bytes r) <= node_bytes (merge l s r) <=
    node_bytes l + node_bytes r - 16 + sep_max.
Proof.
  intros [|d] [a|a] s [b|b] Hl Hr Hs; cbn [fill] in Hl, Hr; try contradiction.
  - cbn [merge fill]. split; [apply Forall_app; auto|].
    assert (E : node_bytes (Leaf (a ++ b)) = node_bytes (Leaf a) + node_bytes (Leaf b) - 16)
      by (rewrite !node_bytes_leaf, map_app, zsum_app; lia).
    rewrite E. pose proof (leaf_min a). pose proof (leaf_min b). pose proof sep_max_nonneg. lia.
  - destruct Hl as (Na & Ka & Ca). destruct Hr as (Nb & Kb & Cb).
    destruct b as [|[x c] b]; [congruence|]. cbn [merge fill].
    unfold branch_keys in Kb. inversion Kb as [|p l Kx Kb']; subst.
    inversion Cb as [|p l Cx Cb']; subst.
    assert (E : node_bytes (Branch (a ++ (s, c) :: b)) =
                node_bytes (Branch a) + node_bytes (Branch ((x, c) :: b)) - 16 + sep_bytes s).
    { change (a ++ (s, c) :: b) with (a ++ (s, c) :: [] ++ b). rewrite bytes_seg.
      rewrite !node_bytes_branch. cbn [tl]. destruct a as [|p a]; [congruence|].
      cbn [hk tl]. rewrite pb_nil. unfold CHILD_REF_BYTES. lia. }
    split.
    + split; [intro H; apply app_eq_nil in H; destruct H; discriminate|]. split.
      * apply Forall_app; split; auto; constructor; auto.
      * apply Forall_app; split; auto; constructor; auto.
    + rewrite E. pose proof (branch_min a). pose proof (branch_min ((x, c) :: b)).
      pose proof (sep_bytes_ok s Hs). lia.
Qed.

(** [CowTree.rebalance] after [merge]: an underfull node and a sibling within the bounds
    become one node within the bounds, or two (re-split), the first keeping the pair's key. *)
Lemma merge_fit_fill : forall d s0 l s r, fill d l -> fill d r -> key_ok s0 -> key_ok s ->
  ((node_bytes l < min_fill P /\ okfill r) \/ (okfill l /\ node_bytes r < min_fill P)) ->
  exists c0 y, merge_fit s0 l s r = (s0, c0) :: y /\
    kidsok d ((s0, c0) :: y) /\ branch_keys ((s0, c0) :: y) /\
    pb y <= CHILD_REF_BYTES + sep_max.
Proof.
  intros d s0 l s r Fl Fr K0 Ks Hp.
  destruct (merge_fill d l s r Fl Fr Ks) as [M1 M2].
  pose proof sep_max_nonneg.
  unfold BTree.merge_fit. destruct (Z.leb (node_bytes (merge l s r)) P) eqn:E.
  - apply Z.leb_le in E. exists (merge l s r), []. split; [reflexivity|].
    split; [|split; [constructor; [exact K0|constructor]|]].
    + constructor; [|constructor]. cbn [snd]. split; [|exact M1]. unfold okfill in *.
      split; [|exact E].
      destruct Hp as [[H1 H2]|[H1 H2]]; lia.
    + rewrite pb_nil. unfold CHILD_REF_BYTES. lia.
  - apply Z.leb_gt in E.
    assert (S : node_bytes (merge l s r) <= P + slack d).
    { unfold okfill in Hp. destruct d; cbn [slack]; destruct Hp as [[H1 H2]|[H1 H2]]; page. }
    destruct (split_fill d (merge l s r) M1 E S) as (a & sep & b & Es & Oa & Fa & Ksep & Ob & Fb).
    exists a, [(sep, b)]. rewrite Es. split; [reflexivity|].
    split; [constructor; [auto|constructor; [auto|constructor]]|].
    split; [constructor; [exact K0|constructor; [exact Ksep|constructor]]|].
    rewrite pb_cons, pb_nil. cbn [fst]. pose proof (sep_bytes_ok sep Ksep). lia.
Qed.

(** ** [CowTree.replaceChild] *)

(** Replacing the segment [(k, c) :: y] of a branch's children by [(k, c') :: y'] (same first
    key) keeps the children within the bounds and changes the size by [pb y' - pb y]. *)
Lemma seg_fill : forall d x k c y z c' y',
  kidsok d x -> kidsok d z -> branch_keys x -> branch_keys z ->
  kidsok d ((k, c') :: y') -> branch_keys ((k, c') :: y') ->
  pb y' <= pb y + CHILD_REF_BYTES + sep_max ->
  kidsok d (x ++ (k, c') :: y' ++ z) /\ branch_keys (x ++ (k, c') :: y' ++ z) /\
  x ++ (k, c') :: y' ++ z <> [] /\
  node_bytes (Branch (x ++ (k, c') :: y' ++ z)) <=
    node_bytes (Branch (x ++ (k, c) :: y ++ z)) + CHILD_REF_BYTES + sep_max.
Proof.
  intros d x k c y z c' y' Kx Kz Bx Bz Ky By H. unfold kidsok, branch_keys in *.
  rewrite !bytes_seg.
  change ((k, c') :: y' ++ z) with (((k, c') :: y') ++ z).
  split; [apply Forall_app; split; [auto|apply Forall_app; auto]|].
  split; [apply Forall_app; split; [auto|apply Forall_app; auto]|].
  split; [intro E; apply app_eq_nil in E; destruct E; discriminate|]. lia.
Qed.

Lemma replace_child_shape : forall d pre s c post r,
  kidsok d (pre ++ [(s, c)] ++ post) -> branch_keys (pre ++ [(s, c)] ++ post) ->
  (2 <= length (pre ++ [(s, c)] ++ post))%nat -> rfill d r ->
  exists x k c0 c' y y' z,
    pre ++ [(s, c)] ++ post = x ++ (k, c0) :: y ++ z /\
    replace_child pre s post r = x ++ (k, c') :: y' ++ z /\
    kidsok d x /\ kidsok d z /\ branch_keys x /\ branch_keys z /\
    kidsok d ((k, c') :: y') /\ branch_keys ((k, c') :: y') /\
    pb y' <= pb y + CHILD_REF_BYTES + sep_max.
Proof.
  intros d pre s c post r K B L R.
  pose proof sep_max_nonneg as Sm.
  unfold kidsok, branch_keys in K, B.
  apply Forall_app in K. destruct K as [Kpre K]. apply Forall_app in K. destruct K as [Kc Kpost].
  apply Forall_app in B. destruct B as [Bpre B]. apply Forall_app in B. destruct B as [Bs Bpost].
  pose proof (Forall_inv Bs) as Ks. cbv beta in Ks. cbn [fst] in Ks.
  destruct r as [c'|l sep rt].
  - destruct R as [F Bc'].
    destruct (Z.leb (min_fill P) (node_bytes c')) eqn:Em.
    + pose proof Em as EmP. apply Z.leb_le in EmP.
      exists pre, s, c, c', [], [], post. split; [reflexivity|].
      split; [cbn [BTree.replace_child]; rewrite Em; reflexivity|].
      do 4 (split; [assumption|]).
      split; [constructor; [cbn [snd]; split; [unfold okfill; lia|exact F]|constructor]|].
      split; [constructor; [exact Ks|constructor]|]. rewrite pb_nil. unfold CHILD_REF_BYTES. lia.
    + pose proof Em as EmP. apply Z.leb_gt in EmP.
      destruct pre as [|p pre'].
      * destruct post as [|[s1 c1] post']; [cbn in L; lia|].
        inversion Kpost as [|q l' [O1 F1] Kpost']; subst.
        inversion Bpost as [|q l' K1 Bpost']; subst. cbn [fst snd] in *.
        destruct (merge_fit_fill d s c' s1 c1 F F1 Ks K1 (or_introl (conj EmP O1)))
          as (c0' & y' & M & My & By & Py).
        exists [], s, c, c0', [(s1, c1)], y', post'. split; [reflexivity|].
        split; [cbn [BTree.replace_child]; rewrite Em; cbn [orb]; unfold BTree.rebalance;
                cbn [rev]; rewrite M; reflexivity|].
        split; [constructor|]. split; [exact Kpost'|]. split; [constructor|].
        split; [exact Bpost'|]. split; [exact My|]. split; [exact By|].
        pose proof (pb_nonneg [(s1, c1)]). lia.
      * destruct (rev (p :: pre')) as [|[s0 c0] rpre] eqn:Er.
        { apply (f_equal (@length _)) in Er. rewrite rev_length in Er. cbn in Er. lia. }
        assert (Ep : p :: pre' = rev rpre ++ [(s0, c0)])
          by (rewrite <- (rev_involutive (p :: pre')), Er; reflexivity).
        rewrite Ep in Kpre, Bpre.
        apply Forall_app in Kpre. destruct Kpre as [Kr K0].
        apply Forall_app in Bpre. destruct Bpre as [Br B0].
        pose proof (Forall_inv K0) as [O0 F0]. pose proof (Forall_inv B0) as Ks0.
        cbn [fst snd] in O0, F0, Ks0.
        destruct (merge_fit_fill d s0 c0 s c' F0 F Ks0 Ks (or_intror (conj O0 EmP)))
          as (c0' & y' & M & My & By & Py).
        exists (rev rpre), s0, c0, c0', [(s, c)], y', post.
        split; [rewrite Ep, <- app_assoc; reflexivity|].
        split; [cbn [BTree.replace_child]; rewrite Em; cbn [orb]; unfold BTree.rebalance;
                rewrite Er; cbv beta iota; rewrite M; reflexivity|].
        do 4 (split; [assumption|]). split; [exact My|]. split; [exact By|].
        pose proof (pb_nonneg [(s, c)]). lia.
  - destruct R as (O1 & F1 & K1 & O2 & F2).
    exists pre, s, c, l, [], [(sep, rt)], post. split; [reflexivity|].
    split; [reflexivity|].
    do 4 (split; [assumption|]).
    split; [constructor; [auto|constructor; [auto|constructor]]|].
    split; [constructor; [exact Ks|constructor; [exact K1|constructor]]|].
    rewrite pb_cons, !pb_nil. cbn [fst]. pose proof (sep_bytes_ok sep K1). lia.
Qed.

Lemma replace_child_fill : forall d pre s c post r,
  kidsok d (pre ++ [(s, c)] ++ post) -> branch_keys (pre ++ [(s, c)] ++ post) ->
  (2 <= length (pre ++ [(s, c)] ++ post))%nat -> rfill d r ->
  kidsok d (replace_child pre s post r) /\ branch_keys (replace_child pre s post r) /\
  replace_child pre s post r <> [] /\
  node_bytes (Branch (replace_child pre s post r)) <=
    node_bytes (Branch (pre ++ [(s, c)] ++ post)) + CHILD_REF_BYTES + sep_max.
Proof.
  intros d pre s c post r K B L R.
  destruct (replace_child_shape d pre s c post r K B L R)
    as (x & k & c0 & c' & y & y' & z & E1 & E2 & Kx & Kz & Bx & Bz & Ky & By & Py).
  rewrite E1, E2. apply seg_fill; auto.
Qed.

Lemma kids_child : forall d pre s c post,
  kidsok d (pre ++ [(s, c)] ++ post) -> okfill c /\ fill d c.
Proof.
  intros d pre s c post K. apply Forall_app in K. destruct K as [_ K].
  exact (Forall_inv K).
Qed.

(** ** One operation on a subtree *)

(** [CowTree.put] on a subtree within the bounds (a branch with at least two children). *)
Lemma put_fill : forall d n k v, fill d n -> node_bytes n <= P ->
  (0 < d -> 2 <= size n)%nat -> 1 <= Z.of_nat (length k) <= max_key P ->
  rfill d (put_node d n k v).
Proof.
  induction d as [|d IH]; intros [es|[|c0 rest]] k v F H1 H2 Hk; cbn [fill] in F;
    try contradiction.
  - cbn [BTree.put_node]. apply fit_fill.
    + cbn [fill]. apply leaf_put_keys; auto.
    + cbn [slack]. pose proof (leaf_put_bytes es k v). pose proof (entry_bytes_ok (@pair key value k v) Hk).
      rewrite !node_bytes_leaf in *. lia.
  - destruct F as [F _]. congruence.
  - cbn [BTree.put_node]. destruct (pick k c0 rest) as [[pre [s c]] post] eqn:E.
    destruct (pick_spec _ _ _ _ _ _ E) as [E1 _].
    change (pre ++ (s, c) :: post) with (pre ++ [(s, c)] ++ post) in E1.
    destruct F as (Fne & Fk & Fc).
    assert (K : kidsok d (pre ++ [(s, c)] ++ post)) by (rewrite <- E1; exact Fc).
    assert (B : branch_keys (pre ++ [(s, c)] ++ post)) by (rewrite <- E1; exact Fk).
    assert (L : (2 <= length (pre ++ [(s, c)] ++ post))%nat)
      by (rewrite <- E1; apply H2; lia).
    destruct (kids_child _ _ _ _ _ K) as [Oc Fc'].
    assert (R : rfill d (put_node d c k v)).
    { apply IH; auto.
      - unfold okfill in Oc. lia.
      - intros Hd. destruct d as [|d']; [lia|]. pose proof (okfill_size d' c Fc' Oc). lia. }
    destruct (replace_child_fill _ _ _ _ _ _ K B L R) as (R1 & R2 & R3 & R4).
    apply fit_fill.
    + cbn [fill]. auto.
    + cbn [slack]. rewrite <- E1 in R4. pose proof (min_fill_nonneg). lia.
Qed.

(** [CowTree.delete] on a subtree within the bounds. *)
Lemma delete_fill : forall d n k r, fill d n -> node_bytes n <= P ->
  (0 < d -> 2 <= size n)%nat -> delete_node d n k = Some r -> rfill d r.
Proof.
  induction d as [|d IH]; intros [es|[|c0 rest]] k r F H1 H2 D; cbn [fill] in F;
    try contradiction.
  - cbn [BTree.delete_node] in D. destruct (leaf_del es k) as [es'|] eqn:E; [|discriminate].
    inversion D; subst. destruct (leaf_del_fill es k es' E F) as [A B].
    cbn [rfill fill]. split; [exact A|]. rewrite node_bytes_leaf in *. lia.
  - destruct F as [F _]. congruence.
  - cbn [BTree.delete_node] in D. destruct (pick k c0 rest) as [[pre [s c]] post] eqn:E.
    destruct (pick_spec _ _ _ _ _ _ E) as [E1 _].
    change (pre ++ (s, c) :: post) with (pre ++ [(s, c)] ++ post) in E1.
    destruct F as (Fne & Fk & Fc).
    assert (K : kidsok d (pre ++ [(s, c)] ++ post)) by (rewrite <- E1; exact Fc).
    assert (B : branch_keys (pre ++ [(s, c)] ++ post)) by (rewrite <- E1; exact Fk).
    assert (L : (2 <= length (pre ++ [(s, c)] ++ post))%nat)
      by (rewrite <- E1; apply H2; lia).
    destruct (kids_child _ _ _ _ _ K) as [Oc Fc'].
    destruct (delete_node d c k) as [rc|] eqn:Dc; [|discriminate]. inversion D; subst.
    assert (R : rfill d rc).
    { eapply IH; eauto.
      - unfold okfill in Oc. lia.
      - intros Hd. destruct d as [|d']; [lia|]. pose proof (okfill_size d' c Fc' Oc). lia. }
    destruct (replace_child_fill _ _ _ _ _ _ K B L R) as (R1 & R2 & R3 & R4).
    apply fit_fill.
    + cbn [fill]. auto.
    + cbn [slack]. rewrite <- E1 in R4. pose proof (min_fill_nonneg). lia.
Qed.

(** [CowTree.newRoot]: root growth and root collapse keep the root bounds. *)
Lemma new_root_fill : forall d r, rfill d r -> tfill (new_root d r).
Proof.
  intros d [n|l s rt] R; cbn [rfill] in R.
  - destruct R as (F & B).
    destruct n as [es|[|[x c] [|y cs]]].
    + unfold tfill. cbn [new_root level root]. destruct d; [|contradiction].
      split; [exact F|]. split; [exact B|]. lia.
    + destruct d; cbn [fill] in F; [contradiction|]. destruct F as [F _]. congruence.
    + destruct d as [|d]; [contradiction|]. cbn [fill] in F. destruct F as (_ & _ & F).
      pose proof (Forall_inv F) as [O1 F1]. cbn [snd] in O1, F1.
      unfold tfill. cbn [new_root level root pred]. split; [exact F1|].
      split; [unfold okfill in O1; lia|].
      intros Hd. destruct d as [|d']; [lia|]. pose proof (okfill_size d' c F1 O1). lia.
    + unfold tfill. cbn [new_root level root]. split; [exact F|]. split; [exact B|].
      intros _. cbn [size length]. lia.
  - destruct R as (O1 & F1 & K1 & O2 & F2). unfold tfill. cbn [new_root level root].
    split; [|split].
    + cbn [fill]. split; [congruence|]. split.
      * constructor; [|constructor; [exact K1|constructor]]. unfold key_ok. cbn [fst length].
        pose proof min_fill_nonneg. page.
      * constructor; [split; assumption|constructor; [split; assumption|constructor]].
    + rewrite node_bytes_branch. cbn [tl]. rewrite pb_cons, pb_nil. cbn [fst].
      pose proof (sep_bytes_ok s K1). page.
    + intros _. cbn [size length]. lia.
Qed.

(** A put's key: 1 to [maxKey P] bytes ([Args.keyLimits]); a delete's key is unconstrained. *)
Definition key_fits (o : op value) : Prop :=
  match o with Put k _ => 1 <= Z.of_nat (length k) <= max_key P | Del _ => True end.

Theorem put_fill_top : forall t k v, 1 <= Z.of_nat (length k) <= max_key P ->
  tfill t -> tfill (put t k v).
Proof.
  intros t k v Hk (F & H1 & H2). unfold BTree.put. apply new_root_fill. apply put_fill; auto.
Qed.

Theorem delete_fill_top : forall t k, tfill t -> tfill (delete t k).
Proof.
  intros t k (F & H1 & H2). unfold BTree.delete.
  destruct (delete_node (level t) (root t) k) as [r|] eqn:D; [|unfold tfill; auto].
  apply new_root_fill. eapply delete_fill; eauto.
Qed.

Lemma tfill_empty : tfill empty.
Proof.
  unfold tfill, empty. cbn [level root fill]. split; [constructor|].
  split; [rewrite node_bytes_leaf; cbn [map zsum]; lia|]. lia.
Qed.

(** Theorem 1 (invariants): for a page size [P] in [4096, 65536], after any sequence of puts
    (keys of 1 to [maxKey P] bytes, any values) and deletes from the empty tree, the structural
    invariants (order, fences, separators, equal leaf depth) and the byte fill bounds hold:
    every node but the root [minFill P <= bytes <= P], the root [bytes <= P], a root branch
    at least two children. *)
Theorem btree_ops_preserve_invariants : forall ops, Forall key_fits ops ->
  tinv (run ops) /\ tfill (run ops).
Proof.
  intros ops Hops. split; [apply (proj1 (btree_refines_map P ops))|]. unfold Refinement.run.
  assert (G : forall ops' t, Forall key_fits ops' -> tfill t ->
                tfill (fold_left apply_op ops' t)).
  { intros ops'. induction ops' as [|o ops' IH]; intros t Hk H; cbn [fold_left]; auto.
    inversion Hk as [|? ? Ho Hk']; subst. apply IH; auto.
    destruct o as [k v|k]; cbn [Refinement.apply_op];
      [apply put_fill_top|apply delete_fill_top]; auto. }
  apply G; auto. apply tfill_empty.
Qed.

End Page.

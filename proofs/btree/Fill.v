(** * Theorem 1 (fill bounds): every node but the root holds between [min] and [max]
    entries (children); the root holds at most [max], and a root branch at least two children
    ([CowTree] class comment: "every node but the root fills at least a quarter page",
    "a branch has at least two children"; counts instead of bytes, see [BTree.v]).

    Main result: [btree_ops_preserve_invariants]. *)

From Coq Require Import List ZArith Bool Arith Lia.
Import ListNotations.
From Aether Require Import spec.OrderedMap btree.BTree btree.Invariants btree.Refinement.

Definition min_at (d : nat) : nat := match d with O => min_leaf | S _ => min_kids end.
Definition max_at (d : nat) : nat := match d with O => max_leaf | S _ => max_kids end.

Definition okfill (d : nat) (n : node) : Prop := min_at d <= size n <= max_at d.

(** Every node strictly below [n] is within the fill bounds. *)
Fixpoint fill (d : nat) (n : node) : Prop :=
  match d, n with
  | O, Leaf _ => True
  | S l, Branch cs => Forall (fun p => okfill l (snd p) /\ fill l (snd p)) cs
  | _, _ => False
  end.

Definition kidsok (d : nat) (cs : list (key * node)) : Prop :=
  Forall (fun p => okfill d (snd p) /\ fill d (snd p)) cs.

(** A replacement for a subtree: one node with at least [lb] and at most [max] entries, or two
    nodes within the bounds. *)
Definition rfill (d : nat) (lb : nat) (r : repl) : Prop :=
  match r with
  | One c => fill d c /\ lb <= size c <= max_at d
  | Two l _ rt => okfill d l /\ fill d l /\ okfill d rt /\ fill d rt
  end.

Definition tfill (t : tree) : Prop :=
  fill (level t) (root t) /\ size (root t) <= max_at (level t) /\
  (0 < level t -> 2 <= size (root t)).

Lemma fill_kind : forall d n, fill d n -> min_size n = min_at d /\ max_size n = max_at d.
Proof. intros [|d] [es|cs] H; simpl in H; try contradiction; auto. Qed.

Lemma half_bounds : forall n, n = 2 * (n / 2) + n mod 2 /\ n mod 2 < 2.
Proof. intro n. split. apply Nat.div_mod. lia. apply Nat.mod_upper_bound. lia. Qed.

Lemma split_fill : forall d n, fill d n -> max_at d < size n -> size n <= 2 * max_at d ->
  exists l s r, split n = Two l s r /\ okfill d l /\ fill d l /\ okfill d r /\ fill d r.
Proof.
  intros [|d] [es|cs] H H1 H2; simpl in H; try contradiction.
  - cbn [size max_at] in *. unfold max_leaf in *. destruct (half_bounds (length es)) as [E1 E2].
    set (m := length es / 2) in *.
    eexists _, _, _. split; [reflexivity|]. unfold okfill; cbn [size fill min_at max_at].
    rewrite firstn_length, skipn_length. unfold min_leaf, max_leaf. repeat split; try lia.
  - cbn [size max_at] in *. unfold max_kids in *. destruct (half_bounds (length cs)) as [E1 E2].
    set (m := length cs / 2) in *.
    assert (Hc : cs = firstn m cs ++ skipn m cs) by (symmetry; apply firstn_skipn).
    assert (L1 : length (firstn m cs) = m) by (rewrite firstn_length; lia).
    assert (L2 : length (skipn m cs) = length cs - m) by (rewrite skipn_length; lia).
    unfold kidsok in H. rewrite Hc in H. apply Forall_app in H. destruct H as [F1 F2].
    destruct (skipn m cs) as [|[s c] rest] eqn:Es; [simpl in L2; lia|].
    eexists _, _, _. split; [cbn [split]; fold m; rewrite Es; reflexivity|].
    unfold okfill; cbn [size fill min_at max_at].
    rewrite L1, L2. unfold min_kids, max_kids. repeat split; auto; lia.
Qed.

Lemma fit_fill : forall d n lb, fill d n -> lb <= size n -> size n <= S (max_at d) ->
  rfill d lb (fit n).
Proof.
  intros d n lb H H1 H2. unfold fit. destruct (fill_kind d n H) as [_ Hm]. rewrite Hm.
  destruct (size n <=? max_at d) eqn:E.
  - apply Nat.leb_le in E. simpl. auto.
  - apply Nat.leb_gt in E.
    destruct (split_fill d n H E) as (l & s & r & Es & A); [destruct d; simpl in *; unfold max_leaf, max_kids in *; lia|].
    rewrite Es. simpl. tauto.
Qed.

Lemma merge_fill : forall d l s r, fill d l -> fill d r -> 1 <= size r ->
  fill d (merge l s r) /\ size (merge l s r) = size l + size r.
Proof.
  intros [|d] [a|a] s [b|b] Hl Hr Hs; simpl in Hl, Hr; try contradiction.
  - simpl. rewrite app_length. auto.
  - destruct b as [|[x c] b]; simpl in Hs; [lia|]. simpl. split.
    + apply Forall_app. split; auto. inversion Hr; subst. constructor; auto.
    + rewrite app_length. simpl. lia.
Qed.

Lemma merge_fit_fill : forall d s0 l s r, fill d l -> fill d r -> 1 <= size r ->
  2 * min_at d - 1 <= size l + size r -> size l + size r <= 2 * max_at d ->
  kidsok d (merge_fit s0 l s r) /\ 1 <= length (merge_fit s0 l s r) <= 2.
Proof.
  intros d s0 l s r Hl Hr H1 H2 H3. destruct (merge_fill d l s r Hl Hr H1) as [M1 M2].
  unfold merge_fit. destruct (fill_kind _ _ M1) as [_ Hm]. rewrite Hm.
  destruct (size (merge l s r) <=? max_at d) eqn:E.
  - apply Nat.leb_le in E. split; simpl; auto. constructor; auto. split; auto.
    unfold okfill. split; auto. destruct d; simpl in *; unfold min_leaf, min_kids in *; lia.
  - apply Nat.leb_gt in E. destruct (split_fill d _ M1 E) as (a & sep & b & Es & A); [lia|].
    rewrite Es. unfold kidsok. simpl. split; [|lia].
    constructor; [simpl; tauto|]. constructor; [simpl; tauto|]. constructor.
Qed.

Lemma kidsok_app : forall d a b, kidsok d (a ++ b) <-> kidsok d a /\ kidsok d b.
Proof. intros. apply Forall_app. Qed.

Lemma replace_child_fill : forall d pre s c post r,
  kidsok d (pre ++ [(s, c)] ++ post) -> 2 <= length (pre ++ [(s, c)] ++ post) ->
  rfill d (pred (min_at d)) r ->
  kidsok d (replace_child pre s post r) /\
  length (pre ++ [(s, c)] ++ post) <= S (length (replace_child pre s post r)) /\
  length (replace_child pre s post r) <= S (length (pre ++ [(s, c)] ++ post)).
Proof.
  intros d pre s c post r K L R.
  apply kidsok_app in K. destruct K as [Kpre K]. apply kidsok_app in K. destruct K as [Kc Kpost].
  destruct r as [c'|l sep rt].
  - destruct R as [F [B1 B2]]. destruct (fill_kind _ _ F) as [Hmin _].
    unfold replace_child. rewrite Hmin.
    destruct (min_at d <=? size c') eqn:E; simpl.
    + apply Nat.leb_le in E. rewrite !app_length. simpl. split; [|lia].
      apply kidsok_app. split; auto. constructor; auto. split; auto. split; auto.
    + apply Nat.leb_gt in E.
      assert (Hm1 : 1 <= min_at d - 1) by (destruct d; simpl; unfold min_leaf, min_kids; lia).
      destruct pre as [|p pre'] eqn:Ep; destruct post as [|[s1 c1] post'] eqn:Eq;
        simpl in L; try (rewrite app_length in L; simpl in L); try lia;
        subst pre post; unfold rebalance.
      * simpl. inversion Kpost as [|x y [O1 F1] Kp]; subst. simpl in O1, F1.
        unfold okfill in O1.
        assert (B : 1 <= size c1 /\ 2 * min_at d - 1 <= size c' + size c1 /\
                    size c' + size c1 <= 2 * max_at d)
          by (destruct d; simpl in *; unfold min_leaf, min_kids, max_leaf, max_kids in *; lia).
        destruct B as (B1' & B2' & B3').
        destruct (merge_fit_fill d s c' s1 c1 F F1 B1' B2' B3') as [M1 M2].
        split. apply kidsok_app. auto. rewrite app_length. simpl. lia.
      * destruct (rev (p :: pre')) as [|[s0 c0] rpre] eqn:Er;
          [apply (f_equal (@length _)) in Er; rewrite rev_length in Er; simpl in Er; lia|].
        assert (Ep : p :: pre' = rev rpre ++ [(s0, c0)])
               by (rewrite <- (rev_involutive (p :: pre')), Er; reflexivity).
        rewrite Ep in Kpre; apply kidsok_app in Kpre; destruct Kpre as [Kr K0];
          inversion K0 as [|x y [O0 F0] _]; subst; simpl in O0, F0; unfold okfill in O0.
        assert (B : 1 <= size c' /\ 2 * min_at d - 1 <= size c0 + size c' /\
                    size c0 + size c' <= 2 * max_at d)
          by (destruct d; simpl in *; unfold min_leaf, min_kids, max_leaf, max_kids in *; lia).
        destruct B as (B1' & B2' & B3').
        destruct (merge_fit_fill d s0 c0 s c' F0 F B1' B2' B3') as [M1 M2].
        split; [rewrite !kidsok_app; auto|].
        rewrite Ep; rewrite !app_length; simpl; lia.
      * destruct (rev (p :: pre')) as [|[s0 c0] rpre] eqn:Er;
          [apply (f_equal (@length _)) in Er; rewrite rev_length in Er; simpl in Er; lia|].
        assert (Ep : p :: pre' = rev rpre ++ [(s0, c0)])
               by (rewrite <- (rev_involutive (p :: pre')), Er; reflexivity).
        rewrite Ep in Kpre; apply kidsok_app in Kpre; destruct Kpre as [Kr K0];
          inversion K0 as [|x y [O0 F0] _]; subst; simpl in O0, F0; unfold okfill in O0.
        assert (B : 1 <= size c' /\ 2 * min_at d - 1 <= size c0 + size c' /\
                    size c0 + size c' <= 2 * max_at d)
          by (destruct d; simpl in *; unfold min_leaf, min_kids, max_leaf, max_kids in *; lia).
        destruct B as (B1' & B2' & B3').
        destruct (merge_fit_fill d s0 c0 s c' F0 F B1' B2' B3') as [M1 M2].
        split; [rewrite !kidsok_app; auto|].
        rewrite Ep; rewrite !app_length; simpl; lia.
  - simpl in R. destruct R as (O1 & F1 & O2 & F2). unfold replace_child.
    split.
    + apply kidsok_app. split; auto. constructor; [auto|]. constructor; auto.
    + rewrite !app_length. simpl. lia.
Qed.

Lemma length_put : forall es k (v : value),
  length es <= length (leaf_put es k v) <= S (length es).
Proof.
  induction es as [|[k' v'] es IH]; simpl; intros k v; [lia|].
  destruct (kcmp k k'); simpl; try lia. specialize (IH k v). lia.
Qed.

Lemma length_del : forall es k es', leaf_del es k = Some es' -> S (length es') = length es.
Proof.
  induction es as [|[k' v'] es IH]; simpl; intros k es' H; [discriminate|].
  destruct (kcmp k k'); try discriminate.
  - inversion H; subst. auto.
  - destruct (leaf_del es k) as [r|] eqn:E; [|discriminate]. inversion H; subst.
    simpl. rewrite (IH k r); auto.
Qed.

Lemma rfill_weaken : forall d lb lb' r, lb' <= lb -> rfill d lb r -> rfill d lb' r.
Proof. intros d lb lb' [c|l s rt] H R; simpl in *; auto. destruct R as [F [B1 B2]]. auto with arith. split; auto; lia. Qed.

Lemma kids_child : forall d pre s c post,
  kidsok d (pre ++ [(s, c)] ++ post) -> okfill d c /\ fill d c.
Proof.
  intros d pre s c post K. apply kidsok_app in K. destruct K as [_ K].
  inversion K; subst. auto.
Qed.

(** [CowTree.put] on a subtree within the bounds: a replacement within the bounds. *)
Lemma put_fill : forall d n k v, fill d n -> size n <= max_at d -> (0 < d -> 2 <= size n) ->
  rfill d (pred (size n)) (put_node d n k v).
Proof.
  induction d as [|d IH]; intros [es|[|c0 rest]] k v F H1 H2; simpl in F; try contradiction.
  - cbn [put_node]. apply fit_fill; simpl; auto. pose proof (length_put es k v).
    simpl in H1. lia. pose proof (length_put es k v). simpl in H1. lia.
  - simpl in H2. lia.
  - cbn [put_node]. destruct (pick k c0 rest) as [[pre [s c]] post] eqn:E.
    destruct (pick_spec _ _ _ _ _ _ E) as [E1 _].
    change (pre ++ (s, c) :: post) with (pre ++ [(s, c)] ++ post) in E1.
    assert (K : kidsok d (pre ++ [(s, c)] ++ post)) by (rewrite <- E1; exact F).
    assert (L : 2 <= length (pre ++ [(s, c)] ++ post))
      by (rewrite <- E1; apply H2; lia).
    destruct (kids_child _ _ _ _ _ K) as [Oc Fc]. unfold okfill in Oc.
    assert (R : rfill d (pred (min_at d)) (put_node d c k v)).
    { eapply rfill_weaken; [|apply IH; auto; try lia].
      lia. destruct d; simpl in *; unfold min_kids in *; lia. }
    destruct (replace_child_fill _ _ _ _ _ _ K L R) as (R1 & R2 & R3).
    apply fit_fill; simpl; auto.
    + rewrite <- E1 in R2. simpl in R2. lia.
    + rewrite <- E1 in R3. simpl in R3, H1. lia.
Qed.

(** [CowTree.delete] on a subtree within the bounds. *)
Lemma delete_fill : forall d n k r, fill d n -> size n <= max_at d -> (0 < d -> 2 <= size n) ->
  delete_node d n k = Some r -> rfill d (pred (size n)) r.
Proof.
  induction d as [|d IH]; intros [es|[|c0 rest]] k r F H1 H2 D; simpl in F; try contradiction.
  - cbn [delete_node] in D. destruct (leaf_del es k) as [es'|] eqn:E; [|discriminate].
    inversion D; subst. pose proof (length_del _ _ _ E). simpl in *. repeat split; auto; lia.
  - simpl in H2. lia.
  - cbn [delete_node] in D. destruct (pick k c0 rest) as [[pre [s c]] post] eqn:E.
    destruct (pick_spec _ _ _ _ _ _ E) as [E1 _].
    change (pre ++ (s, c) :: post) with (pre ++ [(s, c)] ++ post) in E1.
    assert (K : kidsok d (pre ++ [(s, c)] ++ post)) by (rewrite <- E1; exact F).
    assert (L : 2 <= length (pre ++ [(s, c)] ++ post))
      by (rewrite <- E1; apply H2; lia).
    destruct (kids_child _ _ _ _ _ K) as [Oc Fc]. unfold okfill in Oc.
    destruct (delete_node d c k) as [rc|] eqn:Dc; [|discriminate]. inversion D; subst.
    assert (R : rfill d (pred (min_at d)) rc).
    { eapply rfill_weaken; [|eapply IH; eauto; try lia].
      lia. destruct d; simpl in *; unfold min_kids in *; lia. }
    destruct (replace_child_fill _ _ _ _ _ _ K L R) as (R1 & R2 & R3).
    apply fit_fill; simpl; auto.
    + rewrite <- E1 in R2. simpl in R2. lia.
    + rewrite <- E1 in R3. simpl in R3, H1. lia.
Qed.

(** [CowTree.newRoot]: root growth and root collapse keep the root bounds. *)
Lemma new_root_fill : forall d r lb, (d = 0 \/ 1 <= lb) -> rfill d lb r -> tfill (new_root d r).
Proof.
  intros d [n|l s rt] lb Hlb R; cbn [rfill] in R.
  - destruct R as (F & B1 & B2).
    destruct n as [es|[|[x c] [|y cs]]].
    + unfold tfill. cbn [new_root level root]. destruct d; [|contradiction]. split; auto.
      split; auto. lia.
    + destruct d; [cbn in F; contradiction|]. cbn [size length] in B1. destruct Hlb; lia.
    + destruct d as [|d]; [contradiction|]. cbn [fill] in F.
      inversion F as [|p q [O1 F1] _]; subst. cbn [snd] in O1, F1. unfold okfill in O1.
      unfold tfill. cbn [new_root level root pred]. split; auto. split; [lia|].
      intros Hd. destruct d; [lia|]. cbn [min_at] in O1. unfold min_kids in O1. lia.
    + unfold tfill. cbn [new_root level root]. split; auto. split; auto.
      intros _. cbn [size length]. lia.
  - destruct R as (O1 & F1 & O2 & F2). unfold tfill. cbn [new_root level root fill size length].
    refine (conj _ (conj _ _)); [ | cbn; unfold max_kids; lia | lia].
    constructor; [split; auto|]. constructor; [split; auto|]. constructor.
Qed.

Theorem put_fill_top : forall t k v, tfill t -> tfill (put t k v).
Proof.
  intros t k v (F & H1 & H2). unfold put.
  apply (new_root_fill _ _ (pred (size (root t)))); [|apply put_fill; auto].
  destruct (level t) as [|d]; [auto|]. right. specialize (H2 (Nat.lt_0_succ _)). lia.
Qed.

Theorem delete_fill_top : forall t k, tfill t -> tfill (delete t k).
Proof.
  intros t k (F & H1 & H2). unfold delete.
  destruct (delete_node (level t) (root t) k) as [r|] eqn:D; [|unfold tfill; auto].
  apply (new_root_fill _ _ (pred (size (root t)))); [|eapply delete_fill; eauto].
  destruct (level t) as [|d]; [auto|]. right. specialize (H2 (Nat.lt_0_succ _)). lia.
Qed.

Lemma tfill_empty : tfill empty.
Proof. unfold tfill. cbn. split; auto. split. unfold max_leaf; lia. lia. Qed.

(** Theorem 1 (invariants): after any sequence of operations from the empty tree, the
    structural invariants (order, fences, separators, equal leaf depth) and the fill bounds
    hold. *)
Theorem btree_ops_preserve_invariants : forall ops, tinv (run ops) /\ tfill (run ops).
Proof.
  intro ops. split; [apply btree_refines_map|]. unfold run.
  assert (G : forall ops t, tfill t -> tfill (fold_left apply_op ops t)).
  { induction ops0 as [|o ops0 IH]; intros t H; cbn [fold_left]; auto.
    apply IH. destruct o; cbn [apply_op]; [apply put_fill_top|apply delete_fill_top]; auto. }
  apply G. apply tfill_empty.
Qed.

(** * Theorem 1 (range iteration): the cursor with a parent stack ([TreeCursorImpl.seek] then
    [next], see [BTree.seek] / [BTree.iter]) returns exactly the abstract map's entries in
    [from, to), ascending, at most [limit] of them.

    Main results: [range_correct] (one version satisfying the invariant) and
    [range_iteration_correct] (after any sequence of operations). *)

From Coq Require Import List ZArith Bool Arith Lia.
Import ListNotations.
From Aether Require Import spec.OrderedMap btree.BTree btree.Invariants btree.Refinement.

(** The entries still to visit in the cursor's stack of subtrees. *)
Fixpoint flat (st : list node) : list entry :=
  match st with [] => [] | n :: st' => elements n ++ flat st' end.

Fixpoint wsum (st : list node) : nat :=
  match st with [] => 0 | n :: st' => weight n + wsum st' end.

Lemma flat_app : forall a b, flat (a ++ b) = flat a ++ flat b.
Proof. induction a as [|n a IH]; simpl; intros; auto. rewrite IH, app_assoc. auto. Qed.

Lemma wsum_app : forall a b, wsum (a ++ b) = wsum a + wsum b.
Proof. induction a as [|n a IH]; simpl; intros; auto. rewrite IH. lia. Qed.

Lemma flat_snd : forall cs, flat (map snd cs) = els cs.
Proof. induction cs as [|[k c] cs IH]; simpl; auto. rewrite IH. auto. Qed.

Lemma weight_branch : forall cs, weight (Branch cs) = S (wsum (map snd cs)).
Proof. induction cs as [|[k c] cs IH]; simpl in *; auto. Qed.

Lemma weight_pos : forall n, 1 <= weight n.
Proof. intros [es|cs]; simpl; lia. Qed.

(** Entries up to the first key [>= to]. *)
Fixpoint take_below (to : option key) (l : list entry) : list entry :=
  match l with
  | [] => []
  | (k, v) :: l' => if below to k then (k, v) :: take_below to l' else []
  end.

Lemma limit_to_nil : forall limit, limit_to limit ([] : list entry) = [].
Proof. intros [[|n]|]; reflexivity. Qed.

(** [TreeCursorImpl.next] / [nextLeaf]: with enough fuel, the iteration returns the stack's
    entries up to [to], at most [limit]. *)
Lemma iter_ok : forall fuel to limit cur st, length cur + wsum st <= fuel ->
  iter fuel to limit cur st = limit_to limit (take_below to (cur ++ flat st)).
Proof.
  induction fuel as [|f IH]; intros to limit cur st H.
  - destruct cur; [|simpl in H; lia]. destruct st as [|n st]; [|simpl in H;
      pose proof (weight_pos n); lia]. simpl. rewrite limit_to_nil. reflexivity.
  - cbn [iter]. destruct limit as [[|n]|]; cbn [limit_done].
    + reflexivity.
    + destruct cur as [|[k v] cur].
      * destruct st as [|[es|cs] st]; cbn [flat app].
        -- reflexivity.
        -- rewrite IH by (cbn [wsum weight length] in H; lia). reflexivity.
        -- rewrite IH by (rewrite wsum_app; cbn [wsum length] in H; rewrite weight_branch in H; cbn [length]; lia).
           rewrite flat_app, flat_snd, <- elements_branch. reflexivity.
      * simpl. destruct (below to k); [|reflexivity].
        rewrite IH by (simpl in H; lia). reflexivity.
    + destruct cur as [|[k v] cur].
      * destruct st as [|[es|cs] st]; cbn [flat app].
        -- reflexivity.
        -- rewrite IH by (cbn [wsum weight length] in H; lia). reflexivity.
        -- rewrite IH by (rewrite wsum_app; cbn [wsum length] in H; rewrite weight_branch in H; cbn [length]; lia).
           rewrite flat_app, flat_snd, <- elements_branch. reflexivity.
      * simpl. destruct (below to k); [|reflexivity].
        rewrite IH by (simpl in H; lia). reflexivity.
Qed.

Lemma drop_lt_app_lt : forall a b from, lt_keys a from ->
  drop_lt from (a ++ b) = drop_lt from b.
Proof.
  induction a as [|[k v] a IH]; simpl; intros b from H; auto.
  inversion H; subst. simpl in H2. apply kltb_spec in H2. rewrite H2. auto.
Qed.

Lemma drop_lt_app_gt : forall b c from, keys_lt from c ->
  drop_lt from (b ++ c) = drop_lt from b ++ c.
Proof.
  induction b as [|[k v] b IH]; simpl; intros c from H.
  - destruct c as [|[k v] c]; simpl; auto. inversion H; subst. simpl in H2.
    destruct (kltb k from) eqn:E; auto. apply kltb_spec in E.
    exfalso. apply (klt_irrefl k). eapply klt_trans; eauto.
  - destruct (kltb k from); auto.
Qed.

Lemma drop_lt_length : forall from es, length (drop_lt from es) <= length es.
Proof.
  induction es as [|[k v] es IH]; simpl; auto. destruct (kltb k from); simpl; lia.
Qed.

(** [TreeCursorImpl.descend(key)] then [Search.lowerBound]. *)
Lemma seek_ok : forall d lo hi n from st, inv d lo hi n -> inb lo hi from ->
  fst (seek d n from st) ++ flat (snd (seek d n from st)) = drop_lt from (elements n) ++ flat st /\
  length (fst (seek d n from st)) + wsum (snd (seek d n from st)) <= weight n + wsum st.
Proof.
  induction d as [|d IH]; intros lo hi [es|[|c0 rest]] from st H Hk; simpl in H;
    try contradiction.
  - simpl. split; auto. pose proof (drop_lt_length from es). lia.
  - cbn [seek]. destruct (pick from c0 rest) as [[pre [s c]] post] eqn:E.
    destruct (chain_pick _ _ _ _ _ _ _ _ _ _ H E Hk) as (H1 & H2 & H3 & H4 & H5 & H6).
    destruct (IH _ _ _ from (map snd post ++ st) H3 H4) as [S1 S2].
    split.
    + rewrite S1, flat_app, flat_snd, elements_branch, H2.
      rewrite drop_lt_app_lt by auto. rewrite drop_lt_app_gt by auto.
      rewrite app_assoc. reflexivity.
    + rewrite wsum_app in S2. rewrite weight_branch.
      destruct (pick_spec _ _ _ _ _ _ E) as [E1 _].
      rewrite E1, map_app, wsum_app in *. simpl. lia.
Qed.

Lemma filter_below_none : forall to k (l : list entry), below to k = false ->
  Forall (fun p => klt k (fst p)) l -> forall from,
  filter (fun p => kleb from (fst p) && below to (fst p)) l = [].
Proof.
  intros to k l Hb Hl from. destruct to as [t|]; [|discriminate]. simpl in Hb.
  induction l as [|[k' v'] l IH]; simpl; auto. inversion Hl; subst.
  simpl in H1. assert (E : kltb k' t = false).
  { destruct (kltb k' t) eqn:E; auto. apply kltb_spec in E.
    destruct (kltb k t) eqn:E2; try discriminate.
    exfalso. assert (klt k t) by (eapply klt_trans; eauto). apply kltb_spec in H. congruence. }
  simpl. rewrite E, andb_false_r. auto.
Qed.

Lemma filter_take_below : forall from to (l : list entry), sorted l ->
  Forall (fun p => kle from (fst p)) l ->
  filter (fun p => kleb from (fst p) && below to (fst p)) l = take_below to l.
Proof.
  induction l as [|[k v] l IH]; simpl; intros Hs Hf; auto.
  destruct Hs as [Hl Hs]. inversion Hf; subst. simpl in H1.
  assert (E : kleb from k = true) by (apply kleb_spec; auto). rewrite E. simpl.
  destruct (below to k) eqn:B.
  - f_equal. apply IH; auto.
  - eapply filter_below_none; eauto.
Qed.

Lemma range_spec_sorted : forall from to (l : list entry), sorted l ->
  filter (fun p => kleb from (fst p) && below to (fst p)) l = take_below to (drop_lt from l).
Proof.
  induction l as [|[k v] l IH]; simpl; intros Hs; auto. destruct Hs as [Hl Hs].
  destruct (kltb k from) eqn:E.
  - assert (E2 : kleb from k = false).
    { apply kltb_spec in E. destruct (kleb from k) eqn:E3; auto. apply kleb_spec in E3.
      exfalso. eapply klt_not_le; eauto. }
    rewrite E2. simpl. auto.
  - assert (E2 : kleb from k = true).
    { apply kleb_spec. apply not_klt_kle. intro X. apply kltb_spec in X. congruence. }
    rewrite E2. simpl. destruct (below to k) eqn:B.
    + f_equal. apply filter_take_below; auto. eapply Forall_impl; [|exact Hl].
      intros p Hp. apply klt_kle. eapply kle_lt_trans; [apply kleb_spec; exact E2|]. auto.
    + eapply filter_below_none; eauto.
Qed.

(** Range iteration on a version returns exactly the map's range. *)
Theorem range_correct : forall t from to limit, tinv t ->
  range t from to limit = OrderedMap.range (contents t) from to limit.
Proof.
  intros t from to limit H. unfold range, OrderedMap.range.
  destruct (seek_ok _ _ _ _ from [] H (inb_top from)) as [S1 S2].
  destruct (seek (level t) (root t) from []) as [cur st]. simpl in S1, S2.
  rewrite iter_ok by lia. rewrite S1, app_nil_r.
  rewrite range_spec_sorted; auto. apply (inv_elems _ _ _ _ H).
Qed.

Section Page.
Variable P : Z.
Local Notation run := (Refinement.run P).

(** Theorem 1 (range iteration): after any sequence of operations, range iteration
    returns exactly the abstract map's entries in [from, to), in order, at most [limit]. *)
Theorem range_iteration_correct : forall ops from to limit,
  range (run ops) from to limit = OrderedMap.range (OrderedMap.run ops) from to limit.
Proof.
  intros ops from to limit. destruct (btree_refines_map P ops) as (H1 & H2 & _).
  rewrite range_correct by auto. rewrite H2. reflexivity.
Qed.

End Page.

(** * Theorem 1 (lookup, insert, delete): the B+tree model keeps its invariants and refines
    the ordered map of [spec/OrderedMap.v].

    Main results: [get_correct], [put_correct], [delete_correct] (one operation) and
    [btree_refines_map] (any sequence of operations from [empty]). *)

From Coq Require Import List ZArith Bool Arith Lia.
Import ListNotations.
From Aether Require Import spec.OrderedMap btree.FillBytes btree.BTree btree.Invariants.

(** ** The map operations on sorted lists of entries *)

Lemma put_app_lt : forall a b k (v : value), lt_keys a k ->
  OrderedMap.put (a ++ b) k v = a ++ OrderedMap.put b k v.
Proof.
  induction a as [|[k' v'] a IH]; simpl; intros b k v H; auto.
  inversion H; subst.
  assert (E : kcmp k k' = Gt).
  { rewrite kcmp_antisym. unfold klt in H2. simpl in H2. rewrite H2. reflexivity. }
  rewrite E. rewrite IH; auto.
Qed.

Lemma put_app_gt : forall b c k (v : value), keys_lt k c ->
  OrderedMap.put (b ++ c) k v = OrderedMap.put b k v ++ c.
Proof.
  induction b as [|[k' v'] b IH]; simpl; intros c k v H.
  - destruct c as [|[k1 v1] c]; simpl; auto. inversion H; subst. simpl in H2.
    rewrite H2. reflexivity.
  - destruct (kcmp k k'); simpl; auto. rewrite IH; auto.
Qed.

Lemma put_mid : forall a b c k (v : value), lt_keys a k -> keys_lt k c ->
  OrderedMap.put (a ++ b ++ c) k v = a ++ OrderedMap.put b k v ++ c.
Proof. intros. rewrite put_app_lt, put_app_gt; auto. Qed.

Lemma delete_app : forall (a b : list entry) k,
  OrderedMap.delete (a ++ b) k = OrderedMap.delete a k ++ OrderedMap.delete b k.
Proof. intros. apply filter_app. Qed.

Lemma delete_notin : forall (a : list entry) k, Forall (fun p => fst p <> k) a ->
  OrderedMap.delete a k = a.
Proof.
  induction a as [|[k' v'] a IH]; simpl; intros k H; auto.
  inversion H; subst. simpl in *. unfold OrderedMap.delete in *. simpl.
  destruct (keqb k' k) eqn:E. apply keqb_spec in E. contradiction.
  simpl. rewrite IH; auto.
Qed.

Lemma get_app : forall (a b : list entry) k,
  OrderedMap.get (a ++ b) k =
  match OrderedMap.get a k with Some v => Some v | None => OrderedMap.get b k end.
Proof.
  induction a as [|[k' v'] a IH]; simpl; intros; auto. destruct (keqb k k'); auto.
Qed.

Lemma get_notin : forall (a : list entry) k, Forall (fun p => fst p <> k) a ->
  OrderedMap.get a k = None.
Proof.
  induction a as [|[k' v'] a IH]; simpl; intros k H; auto.
  inversion H; subst. simpl in *. destruct (keqb k k') eqn:E; auto.
  apply keqb_spec in E. congruence.
Qed.

Lemma lt_keys_neq : forall a k, lt_keys a k -> Forall (fun p => fst p <> k) a.
Proof.
  intros a k H. eapply Forall_impl; [|exact H]. intros p Hp. apply klt_neq; auto.
Qed.

Lemma keys_lt_neq : forall a k, keys_lt k a -> Forall (fun p => fst p <> k) a.
Proof.
  intros a k H. eapply Forall_impl; [|exact H]. intros p Hp E. simpl in Hp. rewrite E in Hp.
  eapply klt_irrefl; eauto.
Qed.

Lemma leaf_put_spec : forall es k v, leaf_put es k v = OrderedMap.put es k v.
Proof. induction es as [|[k' v'] es IH]; simpl; intros; try rewrite IH; reflexivity. Qed.

Lemma forall_put : forall (P : key -> Prop) es k (v : value),
  Forall (fun p => P (fst p)) es -> P k -> Forall (fun p => P (fst p)) (OrderedMap.put es k v).
Proof.
  induction es as [|[k' v'] es IH]; simpl; intros k v H Hk; auto.
  inversion H; subst. destruct (kcmp k k'); auto.
Qed.

Lemma sorted_put : forall es k (v : value), sorted es -> sorted (OrderedMap.put es k v).
Proof.
  induction es as [|[k' v'] es IH]; simpl; intros k v H; auto.
  destruct H as [Hf Hs]. destruct (kcmp k k') eqn:E; simpl.
  - apply kcmp_eq in E. subst. auto.
  - split; auto. constructor; auto. simpl.
    eapply Forall_impl; [|exact Hf]. intros p Hp. eapply klt_trans; eauto.
  - split; auto. apply forall_put; auto. apply kcmp_gt; auto.
Qed.

Lemma sorted_filter : forall (f : entry -> bool) es, sorted es -> sorted (filter f es).
Proof.
  induction es as [|[k v] es IH]; simpl; intros H; auto. destruct H as [Hf Hs].
  destruct (f (k, v)); simpl; auto. split; auto.
  apply Forall_forall. intros p Hp. apply filter_In in Hp. destruct Hp as [Hp _].
  rewrite Forall_forall in Hf. auto.
Qed.

Lemma all_in_filter : forall lo hi (f : entry -> bool) es,
  all_in lo hi es -> all_in lo hi (filter f es).
Proof.
  intros. unfold all_in in *. rewrite Forall_forall in *. intros p Hp.
  apply filter_In in Hp. destruct Hp. auto.
Qed.

Lemma leaf_get_spec : forall es k, sorted es -> leaf_get es k = OrderedMap.get es k.
Proof.
  induction es as [|[k' v'] es IH]; simpl; intros k H; auto.
  destruct H as [Hf Hs]. unfold keqb. destruct (kcmp k k') eqn:E; auto.
  symmetry. apply get_notin. eapply Forall_impl; [|exact Hf].
  intros p Hp Ep. simpl in Hp. rewrite Ep in Hp. apply (klt_irrefl k). eapply klt_trans; eauto.
Qed.

Lemma leaf_del_spec : forall es k, sorted es ->
  match leaf_del es k with
  | None => OrderedMap.delete es k = es
  | Some es' => es' = OrderedMap.delete es k
  end.
Proof.
  induction es as [|[k' v'] es IH]; intros k H; [reflexivity|].
  destruct H as [Hf Hs]. cbn [leaf_del].
  unfold OrderedMap.delete. cbn [filter fst].
  destruct (kcmp k k') eqn:E.
  - apply kcmp_eq in E. subst. unfold keqb. rewrite kcmp_refl. simpl.
    symmetry. apply (delete_notin es k').
    eapply Forall_impl; [|exact Hf]. intros p Hp Ep. simpl in Hp. rewrite Ep in Hp.
    eapply klt_irrefl; eauto.
  - assert (E2 : keqb k' k = false).
    { unfold keqb. rewrite kcmp_antisym, E. reflexivity. }
    rewrite E2. simpl. f_equal. apply (delete_notin es k). eapply Forall_impl; [|exact Hf].
    intros p Hp Ep. simpl in Hp. rewrite Ep in Hp. apply (klt_irrefl k). eapply klt_trans; eauto.
  - assert (E2 : keqb k' k = false).
    { unfold keqb. rewrite kcmp_antisym, E. reflexivity. }
    rewrite E2. simpl. specialize (IH k Hs).
    destruct (leaf_del es k); unfold OrderedMap.delete in IH; rewrite IH; reflexivity.
Qed.

(** ** Descending into a branch ([Search.child]) *)



Lemma kleb_false : forall a b, kleb a b = false -> klt b a.
Proof.
  unfold kleb, klt. intros a b H. rewrite kcmp_antisym.
  destruct (kcmp a b); simpl; congruence.
Qed.

Lemma pick_spec : forall k rest cur pre x post,
  pick k cur rest = (pre, x, post) ->
  cur :: rest = pre ++ x :: post /\ (pre <> [] -> kle (fst x) k) /\
  match post with [] => True | (s', _) :: _ => klt k s' end.
Proof.
  induction rest as [|[s c] rest IH]; simpl; intros cur pre x post H.
  - inversion H; subst. simpl. intuition congruence.
  - destruct (kleb s k) eqn:E.
    + destruct (pick k (s, c) rest) as [[pre' x'] post'] eqn:E2. inversion H; subst.
      destruct (IH _ _ _ _ E2) as (H1 & H2 & H3). rewrite H1. simpl.
      split; auto. split; auto. intros _.
      destruct pre' as [|p pre'].
      * simpl in H1. inversion H1; subst. simpl. apply kleb_spec. auto.
      * apply H2. congruence.
    + inversion H; subst. simpl. split; auto. split. congruence.
      apply kleb_false; auto.
Qed.

Lemma inv_chain_elems : forall d cs lo hi, chain (inv d) lo hi cs ->
  sorted (els cs) /\ all_in lo hi (els cs).
Proof. intros. eapply chain_elems; eauto. apply inv_elems. Qed.

Lemma all_in_lt : forall lo s l k, all_in lo (Some s) l -> kle s k -> lt_keys l k.
Proof.
  intros lo s l k H Hk. unfold all_in, lt_keys in *. eapply Forall_impl; [|exact H].
  intros p [_ Hp]. simpl in Hp. eapply klt_le_trans; eauto.
Qed.

Lemma all_in_gt : forall s hi l k, all_in (Some s) hi l -> klt k s -> keys_lt k l.
Proof.
  intros s hi l k H Hk. unfold all_in, keys_lt in *. eapply Forall_impl; [|exact H].
  intros p [Hp _]. simpl in Hp. eapply klt_le_trans; eauto.
Qed.

(** The child [Search.child] picks holds every key of the branch equal to [k]: the
    children before it hold smaller keys, those after it larger ones. *)
Lemma descend : forall d lo hi pre s c post k,
  chain (inv d) lo hi (pre ++ [(s, c)] ++ post) -> inb lo hi k ->
  (pre <> [] -> kle s k) -> match post with [] => True | (s', _) :: _ => klt k s' end ->
  inv d (lbound lo pre s) (ubound hi post) c /\ inb (lbound lo pre s) (ubound hi post) k /\
  lt_keys (els pre) k /\ keys_lt k (els post).
Proof.
  intros d lo hi pre s c post k H Hk Hpre Hpost.
  destruct (chain_segment (inv d) lo hi pre [(s, c)] post) as [Hc _]; auto. congruence.
  simpl in Hc. split; [exact Hc|]. split; [|split].
  - destruct Hk as [Hk1 Hk2]. split.
    + destruct pre; simpl; auto. apply Hpre. congruence.
    + destruct post as [|[s' c'] post]; simpl; auto.
  - destruct pre as [|p pre]; [constructor|].
    change ([(s, c)] ++ post) with ((s, c) :: post) in H.
    apply chain_app in H; [|congruence]. destruct H as (H1 & _).
    apply inv_chain_elems in H1. destruct H1 as [_ H1].
    eapply all_in_lt; eauto. apply Hpre. congruence.
  - destruct post as [|[s' c'] post]; [constructor|].
    rewrite app_assoc in H. apply chain_app in H; [|destruct pre; simpl; congruence].
    destruct H as (_ & _ & _ & H4).
    apply inv_chain_elems in H4. destruct H4 as [_ H4].
    eapply all_in_gt; eauto.
Qed.

(** ** Split, merge, redistribute

    For any page size [P]: the refinement does not depend on where nodes are split. *)

Section Page.
Variable P : Z.
Local Notation split := (BTree.split P).
Local Notation fit := (BTree.fit P).
Local Notation merge_fit := (BTree.merge_fit P).
Local Notation rebalance := (BTree.rebalance P).
Local Notation replace_child := (BTree.replace_child P).
Local Notation put_node := (BTree.put_node P).
Local Notation delete_node := (BTree.delete_node P).
Local Notation put := (BTree.put P).
Local Notation delete := (BTree.delete P).

Lemma last_In : forall {A} (l : list A) d, l <> [] -> In (last l d) l.
Proof.
  intros A l d H. rewrite (app_removelast_last d H) at 2. apply in_or_app. right. left. auto.
Qed.

Lemma last_key_max : forall (l : list entry) p, sorted l -> In p l -> kle (fst p) (last_key l).
Proof.
  unfold last_key. induction l as [|[k v] l IH]; simpl; intros p H Hp; [contradiction|].
  destruct H as [Hf Hs]. destruct l as [|q l].
  - destruct Hp as [Hp|[]]. subst. apply kle_refl.
  - destruct Hp as [Hp|Hp].
    + subst. simpl. apply klt_kle. rewrite Forall_forall in Hf. apply Hf.
      change (In (last (q :: l) ([], [])) (q :: l)). apply last_In. congruence.
    + change (kle (fst p) (fst (last (q :: l) ([], [])))). apply IH; auto.
Qed.

Lemma first_key_min : forall (l : list entry) p, sorted l -> In p l -> kle (first_key l) (fst p).
Proof.
  unfold first_key. intros [|[k v] l] p H Hp; [contradiction|]. simpl.
  destruct H as [Hf _]. destruct Hp as [Hp|Hp]; subst. apply kle_refl.
  apply klt_kle. rewrite Forall_forall in Hf. apply Hf; auto.
Qed.

Lemma last_key_in : forall (l : list entry), l <> [] -> In (last_key l, snd (last l ([], []))) l.
Proof.
  unfold last_key. intros l H. rewrite <- surjective_pairing. apply last_In. auto.
Qed.

Lemma first_key_in : forall (l : list entry), l <> [] -> In (first_key l, snd (hd ([], []) l)) l.
Proof. unfold first_key. intros [|p l] H; [congruence|]. simpl. left. destruct p; auto. Qed.

Lemma split_ok : forall d lo hi n, inv d lo hi n ->
  rinv d lo hi (split n) /\ relems (split n) = elements n.
Proof.
  intros [|d] lo hi [es|cs] H; simpl in H; try contradiction.
  - cbn [BTree.split]. destruct (2 <=? length es) eqn:Hlen;
      [|unfold rinv; cbn [rlist chain kids inv relems]; auto].
    apply Nat.leb_le in Hlen. destruct H as [Hs Ha].
    set (m := balanced_leaf_split (map (entry_bytes P) es)).
    assert (Hm : 1 <= m <= length (map (entry_bytes P) es) - 1)
      by (apply balanced_leaf_split_range; rewrite map_length; lia).
    rewrite map_length in Hm.
    assert (Hm1 : 1 <= m) by lia. assert (Hm2 : m < length es) by lia.
    set (l := firstn m es). set (r := skipn m es).
    assert (El : es = l ++ r) by (symmetry; apply firstn_skipn).
    assert (Hl : l <> []).
    { intro E. assert (length l = 0) by (rewrite E; auto).
      unfold l in H. rewrite firstn_length in H. lia. }
    assert (Hr : r <> []).
    { intro E. assert (length r = 0) by (rewrite E; auto).
      unfold r in H. rewrite skipn_length in H. lia. }
    rewrite El in Hs. apply sorted_app_inv in Hs. destruct Hs as (Hsl & Hsr & Hlr).
    rewrite El in Ha. apply all_in_app in Ha. destruct Ha as [Hal Har].
    assert (Hlt : klt (last_key l) (first_key r)).
    { apply (Hlr _ _ (last_key_in l Hl) (first_key_in r Hr)). }
    destruct (shortest_sep_spec _ _ Hlt) as [Hs1 Hs2].
    fold m. fold l. fold r. split.
    + unfold rinv. cbn [rlist chain kids inv]. split; [split; auto|]; [|split; [|split]].
      * unfold all_in in *. rewrite Forall_forall in *. intros p Hp.
        destruct (Hal p Hp) as [Hp1 _]. split; auto. simpl.
        apply (kle_lt_trans _ (last_key l)); [apply last_key_max; auto | exact Hs1].
      * destruct lo as [lo|]; simpl; auto. unfold all_in in Hal.
        rewrite Forall_forall in Hal. destruct (Hal _ (last_key_in l Hl)) as [H1 _].
        simpl in H1. eapply kle_lt_trans; eauto.
      * destruct hi as [hi|]; simpl; auto. unfold all_in in Har.
        rewrite Forall_forall in Har. destruct (Har _ (first_key_in r Hr)) as [_ H1].
        simpl in H1. eapply kle_lt_trans; eauto.
      * split; auto. unfold all_in in *. rewrite Forall_forall in *. intros p Hp.
        destruct (Har p Hp) as [_ Hp2]. split; auto. simpl.
        eapply kle_trans; [exact Hs2|]. apply first_key_min; auto.
    + simpl. symmetry. exact El.
  - cbn [BTree.split].
    set (m := S (balanced_branch_split (seps_of cs))).
    assert (Hm1 : 1 <= m) by (unfold m; lia).
    assert (E : cs = firstn m cs ++ skipn m cs) by (symmetry; apply firstn_skipn).
    destruct (skipn m cs) as [|[s c] rest] eqn:Es.
    + unfold rinv. cbn [rlist chain kids inv relems]. auto.
    + assert (Hm2 : m < length cs).
      { assert (length (skipn m cs) = S (length rest)) by (rewrite Es; auto).
        rewrite skipn_length in H0. lia. }
      assert (Hl : firstn m cs <> []).
      { intro E2. assert (length (firstn m cs) = 0) by (rewrite E2; auto).
        rewrite firstn_length in H0. lia. }
      rewrite E in H. apply chain_app in H; auto. destruct H as (H1 & H2 & H3 & H4).
      split.
      * unfold rinv. cbn [rlist chain kids inv]. repeat split; auto.
      * cbn [relems]. rewrite !elements_branch, <- els_app, <- E. reflexivity.
Qed.

Lemma fit_ok : forall d lo hi n, inv d lo hi n ->
  rinv d lo hi (fit n) /\ relems (fit n) = elements n.
Proof.
  intros d lo hi n H. unfold fit. destruct (Z.leb _ P) eqn:E.
  - unfold rinv. simpl. auto.
  - apply split_ok; auto.
Qed.

Lemma merge_ok : forall d lb ub s l r,
  inv d lb (Some s) l -> inv d (Some s) ub r -> blt lb (Some s) -> blt (Some s) ub ->
  inv d lb ub (merge l s r) /\ elements (merge l s r) = elements l ++ elements r.
Proof.
  intros [|d] lb ub s [a|a] [b|b] Hl Hr H1 H2; simpl in Hl, Hr; try contradiction.
  - destruct Hl as [Sa Aa]. destruct Hr as [Sb Ab]. simpl. split; auto. split.
    + apply sorted_app; auto. intros p q Hp Hq.
      unfold all_in in *. rewrite Forall_forall in *.
      destruct (Aa p Hp) as [_ X]. destruct (Ab q Hq) as [Y _]. simpl in *.
      eapply klt_le_trans; eauto.
    + apply all_in_app. split.
      * eapply all_in_weaken; [|exact Aa]. intros k [K1 K2]. split; auto.
        destruct ub; simpl in *; auto. eapply klt_trans; eauto.
      * eapply all_in_weaken; [|exact Ab]. intros k [K1 K2]. split; auto.
        destruct lb; simpl in *; auto. apply klt_kle. eapply klt_le_trans; eauto.
  - destruct b as [|[x c] b]; [contradiction|]. cbn [merge inv].
    assert (Ha : a <> []) by (intro E; subst; contradiction).
    split.
    + apply chain_app; auto.
    + rewrite !elements_branch, els_app. reflexivity.
Qed.

Lemma merge_fit_ok : forall d lb ub s0 s l r,
  inv d lb (Some s) l -> inv d (Some s) ub r -> blt lb (Some s) -> blt (Some s) ub ->
  chain (inv d) lb ub (merge_fit s0 l s r) /\
  els (merge_fit s0 l s r) = elements l ++ elements r /\
  merge_fit s0 l s r <> [] /\ fst (hd ([], Leaf []) (merge_fit s0 l s r)) = s0.
Proof.
  intros d lb ub s0 s l r Hl Hr H1 H2.
  destruct (merge_ok d lb ub s l r Hl Hr H1 H2) as [Hm Em].
  unfold merge_fit. destruct (Z.leb _ P) eqn:E.
  - simpl. rewrite app_nil_r. repeat split; auto; congruence.
  - destruct (split_ok _ _ _ _ Hm) as [Hs Es].
    destruct (split (merge l s r)) as [a|a sep b]; simpl in *.
    + rewrite app_nil_r. rewrite Es. repeat split; auto; congruence.
    + rewrite app_nil_r, Es, Em. unfold rinv in Hs. simpl in Hs.
      repeat split; try tauto; congruence.
Qed.

Lemma els_single : forall s c, els [(s, c)] = elements c.
Proof. intros. simpl. apply app_nil_r. Qed.

(** [CowTree.replaceChild] with [rebalance]: the new child (or its split halves, or the
    merged / redistributed pair) keeps the chain of fences and the elements in order. *)
Lemma replace_child_ok : forall d lo hi pre s c post r,
  chain (inv d) lo hi (pre ++ [(s, c)] ++ post) ->
  rinv d (lbound lo pre s) (ubound hi post) r ->
  chain (inv d) lo hi (replace_child pre s post r) /\
  els (replace_child pre s post r) = els pre ++ relems r ++ els post.
Proof.
  intros d lo hi pre s c post r H Hr.
  destruct (chain_segment (inv d) lo hi pre [(s, c)] post) as [_ Hrep]; auto; [congruence|].
  simpl in Hrep.
  assert (Hgen : forall y, y <> [] -> fst (hd ([], Leaf []) y) = s ->
            chain (inv d) (lbound lo pre s) (ubound hi post) y ->
            chain (inv d) lo hi (pre ++ y ++ post)).
  { intros y Hy Hk Hc. apply Hrep; auto. }
  destruct r as [c'|l sep rt].
  - assert (Hc' : chain (inv d) lo hi (pre ++ [(s, c')] ++ post)).
    { apply Hgen; auto. congruence. }
    unfold replace_child.
    match goal with |- context [if ?b then _ else _] => destruct b end.
    + split; auto. rewrite els_app. reflexivity.
    + unfold rebalance. destruct (rev pre) as [|[s0 c0] rpre] eqn:Er.
      * assert (pre = []) by (destruct pre; auto; simpl in Er;
                              apply app_eq_nil in Er; destruct Er; discriminate).
        subst pre. simpl in *.
        destruct post as [|[s1 c1] post].
        -- simpl in Hc'. simpl. rewrite app_nil_r. auto.
        -- destruct (chain_segment (inv d) lo hi [] [(s, c'); (s1, c1)] post) as [Hy Hrep2];
             auto; [congruence|].
           cbn [lbound hd fst chain kids] in Hy. destruct Hy as (Y1 & Y2 & Y3 & Y4).
           destruct (merge_fit_ok _ _ _ s s1 c' c1 Y1 Y4 Y2 Y3) as (M1 & M2 & M3 & M4).
           split.
           ++ apply (Hrep2 _ M3); auto.
           ++ rewrite els_app, M2. simpl. rewrite app_assoc. reflexivity.
      * assert (Ep : pre = rev rpre ++ [(s0, c0)]).
        { rewrite <- (rev_involutive pre), Er. reflexivity. }
        subst pre.
        rewrite <- app_assoc in Hc'. cbn [app] in Hc'.
        destruct (chain_segment (inv d) lo hi (rev rpre) [(s0, c0); (s, c')] post) as [Hy Hrep2];
          auto; [congruence|].
        cbn [hd fst chain kids] in Hy.
        assert (Hrl : lbound lo (rev rpre ++ [(s0, c0)]) s = Some s)
          by (destruct (rev rpre); reflexivity).
        rewrite Hrl in Hr. simpl in Hr.
        destruct Hy as (Y1 & Y2 & Y3 & Y4).
        destruct (merge_fit_ok _ _ _ s0 s c0 c' Y1 Y4 Y2 Y3) as (M1 & M2 & M3 & M4).
        split.
        -- apply (Hrep2 _ M3); auto.
        -- rewrite !els_app, M2. simpl. rewrite !app_nil_r, <- !app_assoc. reflexivity.
  - unfold replace_child. split.
    + change (pre ++ (s, l) :: (sep, rt) :: post) with (pre ++ [(s, l); (sep, rt)] ++ post).
      apply Hgen; auto. congruence.
    + simpl. rewrite els_app. simpl. rewrite !app_assoc. reflexivity.
Qed.

(** ** One operation on a subtree *)

Lemma chain_pick : forall d lo hi c0 rest k pre s c post,
  chain (inv d) lo hi (c0 :: rest) -> pick k c0 rest = (pre, (s, c), post) -> inb lo hi k ->
  chain (inv d) lo hi (pre ++ [(s, c)] ++ post) /\
  els (c0 :: rest) = els pre ++ elements c ++ els post /\
  inv d (lbound lo pre s) (ubound hi post) c /\ inb (lbound lo pre s) (ubound hi post) k /\
  lt_keys (els pre) k /\ keys_lt k (els post).
Proof.
  intros d lo hi c0 rest k pre s c post H E Hk.
  destruct (pick_spec _ _ _ _ _ _ E) as (E1 & E2 & E3).
  rewrite E1 in H |- *. change (pre ++ (s, c) :: post) with (pre ++ [(s, c)] ++ post) in *.
  split; auto. split. rewrite !els_app. simpl. rewrite app_nil_r. reflexivity.
  apply descend; auto.
Qed.

(** [CowTree.put(ChildRef, Node, key, value)] *)
Lemma put_node_ok : forall d lo hi n k v, inv d lo hi n -> inb lo hi k ->
  rinv d lo hi (put_node d n k v) /\
  relems (put_node d n k v) = OrderedMap.put (elements n) k v.
Proof.
  induction d as [|d IH]; intros lo hi [es|[|c0 rest]] k v H Hk; simpl in H;
    try contradiction.
  - destruct H as [Hs Ha]. cbn [put_node]. rewrite leaf_put_spec.
    apply fit_ok. simpl. split.
    + apply sorted_put; auto.
    + apply forall_put; auto.
  - cbn [put_node]. destruct (pick k c0 rest) as [[pre [s c]] post] eqn:E.
    destruct (chain_pick _ _ _ _ _ _ _ _ _ _ H E Hk) as (H1 & H2 & H3 & H4 & H5 & H6).
    destruct (IH _ _ _ k v H3 H4) as [R1 R2].
    destruct (replace_child_ok _ _ _ _ _ _ _ _ H1 R1) as [C1 C2].
    destruct (fit_ok (S d) lo hi (Branch (replace_child pre s post (put_node d c k v))) C1)
      as [F1 F2].
    split; auto. rewrite F2, elements_branch, C2, R2, elements_branch, H2.
    symmetry. apply put_mid; auto.
Qed.

(** [CowTree.delete(ChildRef, Node, key)] *)
Lemma delete_node_ok : forall d lo hi n k, inv d lo hi n -> inb lo hi k ->
  match delete_node d n k with
  | None => OrderedMap.delete (elements n) k = elements n
  | Some r => rinv d lo hi r /\ relems r = OrderedMap.delete (elements n) k
  end.
Proof.
  induction d as [|d IH]; intros lo hi [es|[|c0 rest]] k H Hk; simpl in H;
    try contradiction.
  - destruct H as [Hs Ha]. cbn [delete_node]. pose proof (leaf_del_spec es k Hs) as L.
    destruct (leaf_del es k) as [es'|]; auto. subst es'. split; auto.
    unfold rinv. simpl. split.
    + apply sorted_filter; auto.
    + apply all_in_filter; auto.
  - cbn [delete_node]. destruct (pick k c0 rest) as [[pre [s c]] post] eqn:E.
    destruct (chain_pick _ _ _ _ _ _ _ _ _ _ H E Hk) as (H1 & H2 & H3 & H4 & H5 & H6).
    specialize (IH _ _ _ k H3 H4). rewrite elements_branch, H2, !delete_app.
    rewrite (delete_notin (els pre)) by (apply lt_keys_neq; auto).
    rewrite (delete_notin (els post)) by (apply keys_lt_neq; auto).
    destruct (delete_node d c k) as [r|].
    + destruct IH as [R1 R2].
      destruct (replace_child_ok _ _ _ _ _ _ _ _ H1 R1) as [C1 C2].
      destruct (fit_ok (S d) lo hi (Branch (replace_child pre s post r)) C1) as [F1 F2].
      split; auto. rewrite F2, elements_branch, C2, R2. reflexivity.
    + rewrite IH. reflexivity.
Qed.

(** [CowTree.get] *)
Lemma get_node_ok : forall d lo hi n k, inv d lo hi n -> inb lo hi k ->
  get_node d n k = OrderedMap.get (elements n) k.
Proof.
  induction d as [|d IH]; intros lo hi [es|[|c0 rest]] k H Hk; simpl in H;
    try contradiction.
  - destruct H. apply leaf_get_spec; auto.
  - cbn [get_node]. destruct (pick k c0 rest) as [[pre [s c]] post] eqn:E.
    destruct (chain_pick _ _ _ _ _ _ _ _ _ _ H E Hk) as (H1 & H2 & H3 & H4 & H5 & H6).
    rewrite elements_branch, H2, !get_app.
    rewrite (get_notin (els pre)) by (apply lt_keys_neq; auto).
    rewrite (IH _ _ _ k H3 H4).
    destruct (OrderedMap.get (elements c) k); auto.
    rewrite get_notin by (apply keys_lt_neq; auto). reflexivity.
Qed.

(** ** Operations on a version: root growth and root collapse ([CowTree.newRoot]) *)

Lemma new_root_ok : forall d r, rinv d None None r ->
  tinv (new_root d r) /\ contents (new_root d r) = relems r.
Proof.
  intros d [n|l sep rt] H; unfold rinv in H.
  - destruct n as [es|[|[x c] [|y cs]]]; unfold tinv, contents; simpl in H |- *; auto.
    destruct d as [|d]; simpl in H; [contradiction|]. simpl. rewrite app_nil_r. auto.
  - unfold tinv, contents. simpl in H |- *. rewrite app_nil_r. auto.
Qed.

Definition inb_top k : inb None None k := conj I I.

Theorem get_correct : forall t k, tinv t -> get t k = OrderedMap.get (contents t) k.
Proof. intros t k H. apply (get_node_ok _ _ _ _ _ H (inb_top k)). Qed.

Theorem put_correct : forall t k v, tinv t ->
  tinv (put t k v) /\ contents (put t k v) = OrderedMap.put (contents t) k v.
Proof.
  intros t k v H. destruct (put_node_ok _ _ _ _ k v H (inb_top k)) as [R1 R2].
  unfold put. destruct (new_root_ok _ _ R1) as [N1 N2]. rewrite N2, R2. auto.
Qed.

Theorem delete_correct : forall t k, tinv t ->
  tinv (delete t k) /\ contents (delete t k) = OrderedMap.delete (contents t) k.
Proof.
  intros t k H. pose proof (delete_node_ok _ _ _ _ k H (inb_top k)) as D.
  unfold delete. destruct (delete_node (level t) (root t) k) as [r|].
  - destruct D as [R1 R2]. destruct (new_root_ok _ _ R1) as [N1 N2]. rewrite N2, R2. auto.
  - auto.
Qed.

(** ** Any sequence of operations *)

Definition apply_op (t : tree) (o : op value) : tree :=
  match o with Put k v => put t k v | Del k => delete t k end.

Definition run (ops : list (op value)) : tree := fold_left apply_op ops empty.

Lemma run_from : forall ops t, tinv t ->
  tinv (fold_left apply_op ops t) /\
  contents (fold_left apply_op ops t) = fold_left OrderedMap.apply_op ops (contents t).
Proof.
  induction ops as [|o ops IH]; cbn [fold_left]; intros t H; auto.
  destruct o as [k v|k]; cbn [apply_op OrderedMap.apply_op].
  - destruct (put_correct t k v H) as [H1 H2]. rewrite <- H2. apply IH. auto.
  - destruct (delete_correct t k H) as [H1 H2]. rewrite <- H2. apply IH. auto.
Qed.

(** Theorem 1 (refinement): after any sequence of puts and deletes from the empty tree,
    the tree's invariants hold, its contents equal the abstract map's, and lookups agree. *)
Theorem btree_refines_map : forall ops,
  tinv (run ops) /\ contents (run ops) = OrderedMap.run ops /\
  forall k, get (run ops) k = OrderedMap.get (OrderedMap.run ops) k.
Proof.
  intro ops. destruct (run_from ops empty inv_empty) as [H1 H2].
  unfold run, OrderedMap.run. split; auto. split; auto. intro k.
  rewrite get_correct by auto. rewrite H2. reflexivity.
Qed.

End Page.

(** * Structural invariants of the B+tree model and their basic facts.

    [inv d lo hi n]: the subtree [n] has all its leaves at depth [d] (a leaf exactly when
    [d = 0]: [Node.level]), every key lies in the fence interval [lo <= k < hi], a leaf's keys
    strictly increase ([Leaf] javadoc), and a branch's separators strictly increase, lie
    strictly inside [(lo, hi)], and child [i] lies in [[sep(i), sep(i+1))] ([Branch] javadoc,
    [CowTree] class comment). Fill bounds are the separate predicate [fill] in [Fill.v]. *)

From Coq Require Import List ZArith Bool Arith Lia.
Import ListNotations.
From Aether Require Import spec.OrderedMap btree.BTree.

(** ** Key order facts *)

Lemma kle_iff : forall a b, kle a b <-> klt a b \/ a = b.
Proof.
  unfold kle, klt. intros a b. split.
  - intro H. destruct (kcmp a b) eqn:E; auto. right. apply kcmp_eq. exact E. congruence.
  - intros [H | H]. congruence. subst. rewrite kcmp_refl. discriminate.
Qed.

Lemma kle_refl : forall a, kle a a.
Proof. intro a. apply kle_iff. auto. Qed.

Lemma klt_kle : forall a b, klt a b -> kle a b.
Proof. intros. apply kle_iff. auto. Qed.

Lemma kle_lt_trans : forall a b c, kle a b -> klt b c -> klt a c.
Proof. intros a b c H1 H2. apply kle_iff in H1. destruct H1; subst; eauto using klt_trans. Qed.

Lemma klt_le_trans : forall a b c, klt a b -> kle b c -> klt a c.
Proof. intros a b c H1 H2. apply kle_iff in H2. destruct H2; subst; eauto using klt_trans. Qed.

Lemma kle_trans : forall a b c, kle a b -> kle b c -> kle a c.
Proof.
  intros a b c H1 H2. apply kle_iff in H1. destruct H1; subst; auto.
  apply klt_kle. eapply klt_le_trans; eauto.
Qed.

Lemma klt_not_le : forall a b, klt a b -> ~ kle b a.
Proof.
  intros a b H1 H2. apply (klt_irrefl a). eapply klt_le_trans; eauto.
Qed.

Lemma not_klt_kle : forall a b, ~ klt a b -> kle b a.
Proof.
  intros a b H. destruct (klt_total a b) as [|[|]]; try tauto; subst.
  apply kle_refl. apply klt_kle; auto.
Qed.

Lemma kleb_spec : forall a b, kleb a b = true <-> kle a b.
Proof. unfold kleb, kle. intros. destruct (kcmp a b); split; congruence. Qed.

Lemma kltb_spec : forall a b, kltb a b = true <-> klt a b.
Proof. unfold kltb, klt. intros. destruct (kcmp a b); split; congruence. Qed.

Lemma keqb_spec : forall a b, keqb a b = true <-> a = b.
Proof.
  unfold keqb. intros. rewrite <- kcmp_eq. destruct (kcmp a b); split; congruence.
Qed.

Lemma klt_neq : forall a b, klt a b -> a <> b.
Proof. intros a b H E. subst. eapply klt_irrefl; eauto. Qed.

Lemma kcmp_lt : forall a b, kcmp a b = Lt -> klt a b.
Proof. auto. Qed.

Lemma kcmp_gt : forall a b, kcmp a b = Gt -> klt b a.
Proof. unfold klt. intros a b H. rewrite kcmp_antisym, H. reflexivity. Qed.

(** [CowTree.shortestSeparator] is a separator: [left < s <= right]. *)
Lemma shortest_sep_spec : forall l r, klt l r ->
  klt l (shortest_sep l r) /\ kle (shortest_sep l r) r.
Proof.
  unfold klt, kle. induction l as [|x l IH]; destruct r as [|y r]; simpl; intro H;
    try discriminate.
  - split; auto. destruct r; simpl; rewrite Z.compare_refl; discriminate.
  - destruct (Z.eqb x y) eqn:E.
    + apply Z.eqb_eq in E. subst. rewrite Z.compare_refl in *. simpl.
      rewrite Z.compare_refl. apply IH; auto.
    + simpl. destruct (Z.compare x y) eqn:C; try discriminate.
      * apply Z.compare_eq in C. apply Z.eqb_neq in E. contradiction.
      * split; auto. rewrite Z.compare_refl. destruct r; discriminate.
Qed.

(** ** Sorted lists of entries *)

Definition keys_lt (k : key) (l : list entry) : Prop := Forall (fun p => klt k (fst p)) l.
Definition lt_keys (l : list entry) (k : key) : Prop := Forall (fun p => klt (fst p) k) l.

Lemma sorted_app : forall (a b : list entry), sorted a -> sorted b ->
  (forall p q, In p a -> In q b -> klt (fst p) (fst q)) -> sorted (a ++ b).
Proof.
  induction a as [|[k v] a IH]; simpl; intros b Ha Hb H; auto.
  destruct Ha as [Hf Ha]. split.
  - apply Forall_app. split; auto. apply Forall_forall. intros q Hq.
    apply (H (k, v)); auto.
  - apply IH; auto.
Qed.

Lemma sorted_app_inv : forall (a b : list entry), sorted (a ++ b) ->
  sorted a /\ sorted b /\ (forall p q, In p a -> In q b -> klt (fst p) (fst q)).
Proof.
  induction a as [|[k v] a IH]; simpl; intros b H.
  - repeat split; auto. intros p q [].
  - destruct H as [Hf H]. apply IH in H. destruct H as (Ha & Hb & Hab).
    apply Forall_app in Hf. destruct Hf as [Hf1 Hf2].
    repeat split; auto. intros p q [Hp | Hp] Hq; subst; auto.
    simpl. rewrite Forall_forall in Hf2. apply (Hf2 q Hq).
Qed.

(** ** Fences *)

Definition bound := option key.

Definition ge_lo (lo : bound) (k : key) : Prop :=
  match lo with None => True | Some l => kle l k end.
Definition lt_hi (k : key) (hi : bound) : Prop :=
  match hi with None => True | Some h => klt k h end.
Definition inb (lo hi : bound) (k : key) : Prop := ge_lo lo k /\ lt_hi k hi.
Definition blt (a b : bound) : Prop :=
  match a, b with Some x, Some y => klt x y | _, _ => True end.

Definition all_in (lo hi : bound) (l : list entry) : Prop :=
  Forall (fun p => inb lo hi (fst p)) l.

Lemma blt_trans : forall a b c, blt a (Some b) -> blt (Some b) c -> blt a c.
Proof. intros [a|] b [c|]; simpl; eauto using klt_trans. Qed.

(** ** The invariant *)

Section Chain.
Variable P : bound -> bound -> node -> Prop.

(** The children of a branch, first child [c] and then [(separator, child)] pairs. *)
Fixpoint kids (lo hi : bound) (c : node) (rest : list (key * node)) : Prop :=
  match rest with
  | [] => P lo hi c
  | (s, c') :: rest' =>
      P lo (Some s) c /\ blt lo (Some s) /\ blt (Some s) hi /\ kids (Some s) hi c' rest'
  end.

(** The first child's key is not a separator and is not constrained. *)
Definition chain (lo hi : bound) (cs : list (key * node)) : Prop :=
  match cs with [] => False | (_, c) :: rest => kids lo hi c rest end.

Lemma kids_app : forall a lo hi c s c' b,
  kids lo hi c (a ++ (s, c') :: b) <->
  kids lo (Some s) c a /\ blt lo (Some s) /\ blt (Some s) hi /\ kids (Some s) hi c' b.
Proof.
  induction a as [|[s0 c0] a IH]; cbn [kids app]; intros lo hi c s c' b.
  - tauto.
  - rewrite IH. split.
    + intros (H1 & H2 & H3 & H4 & H5 & H6 & H7).
      repeat split; auto. exact (blt_trans lo s0 (Some s) H2 H5).
    + intros ((H1 & H2 & H3 & H4) & H5 & H6 & H7).
      repeat split; auto. exact (blt_trans (Some s0) s hi H3 H6).
Qed.

Lemma chain_app : forall a lo hi s c b, a <> [] ->
  chain lo hi (a ++ (s, c) :: b) <->
  chain lo (Some s) a /\ blt lo (Some s) /\ blt (Some s) hi /\ chain (Some s) hi ((s, c) :: b).
Proof.
  intros [|[k0 c0] a] lo hi s c b H; [congruence|]. simpl. apply kids_app.
Qed.

Definition lbound (lo : bound) (pre : list (key * node)) (s : key) : bound :=
  match pre with [] => lo | _ => Some s end.
Definition ubound (hi : bound) (post : list (key * node)) : bound :=
  match post with [] => hi | (s', _) :: _ => Some s' end.

Lemma chain_post : forall lo hi y post, y <> [] ->
  chain lo hi (y ++ post) <->
  chain lo (ubound hi post) y /\
  match post with [] => True | (s', c') :: _ =>
    blt lo (Some s') /\ blt (Some s') hi /\ chain (Some s') hi post end.
Proof.
  intros lo hi y [|[s' c'] post] Hy; simpl.
  - rewrite app_nil_r. tauto.
  - rewrite chain_app by auto. simpl. tauto.
Qed.

(** A segment [y] of the children is constrained by its own fences only; replacing it by a
    segment [y'] with the same first key and the same fences keeps the chain. *)
Lemma chain_segment : forall lo hi pre y post,
  y <> [] -> chain lo hi (pre ++ y ++ post) ->
  chain (lbound lo pre (fst (hd ([], Leaf []) y))) (ubound hi post) y /\
  forall y', y' <> [] -> (pre <> [] -> fst (hd ([], Leaf []) y') = fst (hd ([], Leaf []) y)) ->
    chain (lbound lo pre (fst (hd ([], Leaf []) y))) (ubound hi post) y' ->
    chain lo hi (pre ++ y' ++ post).
Proof.
  intros lo hi pre y post Hy H. destruct pre as [|p pre].
  - simpl in *. apply chain_post in H; auto. destruct H as [H1 H2]. split; auto.
    intros y' Hy' _ H'. apply chain_post; auto.
  - destruct y as [|[s c] y]; [congruence|].
    replace (((s, c) :: y) ++ post) with ((s, c) :: (y ++ post)) in H by reflexivity.
    rewrite chain_app in H by congruence. destruct H as (H1 & H2 & H3 & H4).
    change ((s, c) :: y ++ post) with (((s, c) :: y) ++ post) in H4.
    apply chain_post in H4; [|congruence]. destruct H4 as [H4 H5].
    split; [exact H4|].
    intros [|[s' c'] y'] Hy' Hk H'; [congruence|]. simpl in Hk.
    rewrite Hk in * by congruence.
    change (chain lo hi ((p :: pre) ++ (s, c') :: (y' ++ post))).
    rewrite chain_app by congruence. repeat split; auto.
    change ((s, c') :: y' ++ post) with (((s, c') :: y') ++ post).
    apply chain_post; [congruence|]. split; auto.
Qed.

End Chain.

Fixpoint inv (d : nat) (lo hi : bound) (n : node) : Prop :=
  match d, n with
  | O, Leaf es => sorted es /\ all_in lo hi es
  | S d', Branch cs => chain (inv d') lo hi cs
  | _, _ => False
  end.

(** The invariant of a replacement: its nodes as a chain of children. *)
Definition rlist (s : key) (r : repl) : list (key * node) :=
  match r with One n => [(s, n)] | Two l sep rt => [(s, l); (sep, rt)] end.

Definition rinv (d : nat) (lo hi : bound) (r : repl) : Prop := chain (inv d) lo hi (rlist [] r).

Lemma rinv_rlist : forall d lo hi r s, rinv d lo hi r <-> chain (inv d) lo hi (rlist s r).
Proof. intros d lo hi [] s; unfold rinv; cbn [rlist chain]; apply iff_refl. Qed.

(** The tree invariant: a version's root with open fences. *)
Definition tinv (t : tree) : Prop := inv (level t) None None (root t).

(** ** Elements *)

Fixpoint els (cs : list (key * node)) : list entry :=
  match cs with [] => [] | (_, c) :: cs' => elements c ++ els cs' end.

Lemma elements_branch : forall cs, elements (Branch cs) = els cs.
Proof. induction cs as [|[k c] cs IH]; simpl; auto. Qed.

Lemma els_app : forall a b, els (a ++ b) = els a ++ els b.
Proof. induction a as [|[k c] a IH]; simpl; intros; auto. rewrite IH, app_assoc. auto. Qed.

Definition relems (r : repl) : list entry :=
  match r with One n => elements n | Two l _ rt => elements l ++ elements rt end.

Lemma els_rlist : forall s r, els (rlist s r) = relems r.
Proof. intros s []; simpl; rewrite ?app_nil_r; try rewrite app_assoc; reflexivity. Qed.

Lemma all_in_app : forall lo hi a b, all_in lo hi (a ++ b) <-> all_in lo hi a /\ all_in lo hi b.
Proof. intros. apply Forall_app. Qed.

Lemma all_in_weaken : forall lo hi lo' hi' l,
  (forall k, inb lo hi k -> inb lo' hi' k) -> all_in lo hi l -> all_in lo' hi' l.
Proof.
  intros lo hi lo' hi' l H Hl. unfold all_in in *. rewrite Forall_forall in *. eauto.
Qed.

Lemma chain_elems : forall (P : bound -> bound -> node -> Prop),
  (forall lo hi c, P lo hi c -> sorted (elements c) /\ all_in lo hi (elements c)) ->
  forall cs lo hi, chain P lo hi cs -> sorted (els cs) /\ all_in lo hi (els cs).
Proof.
  intros P HP [|[k0 c0] rest] lo hi H; [destruct H|]. simpl in H |- *.
  revert lo c0 H. induction rest as [|[s c] rest IH]; simpl; intros lo c0 H.
  - rewrite app_nil_r. auto.
  - destruct H as (H1 & H2 & H3 & H4).
    destruct (HP _ _ _ H1) as [S1 A1]. destruct (IH _ _ H4) as [S2 A2].
    split.
    + apply sorted_app; auto. intros p q Hp Hq.
      unfold all_in in A1, A2. rewrite Forall_forall in A1, A2.
      destruct (A1 p Hp) as [_ Hp2]. destruct (A2 q Hq) as [Hq1 _].
      simpl in Hp2, Hq1. eapply klt_le_trans; eauto.
    + apply all_in_app. split.
      * eapply all_in_weaken; [|exact A1]. intros k [Hk1 Hk2]. split; auto.
        destruct hi as [h|]; simpl in *; auto. eapply klt_trans; eauto.
      * eapply all_in_weaken; [|exact A2]. intros k [Hk1 Hk2]. split; auto.
        destruct lo as [l|]; simpl in *; auto.
        apply klt_kle. eapply klt_le_trans; eauto.
Qed.

Lemma inv_elems : forall d lo hi n, inv d lo hi n ->
  sorted (elements n) /\ all_in lo hi (elements n).
Proof.
  induction d as [|d IH]; intros lo hi [es|cs] H; simpl in H; try contradiction.
  - exact H.
  - rewrite elements_branch. eapply chain_elems; eauto.
Qed.

Lemma inv_kind : forall d lo hi n, inv d lo hi n ->
  match d with O => exists es, n = Leaf es | S _ => exists c cs, n = Branch (c :: cs) end.
Proof.
  intros [|d] lo hi [es|[|c cs]] H; simpl in H; try contradiction; eauto.
Qed.

Lemma inv_empty : tinv empty.
Proof. cbn. split; constructor. Qed.

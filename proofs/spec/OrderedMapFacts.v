(** * Sanity facts about the trusted specification [OrderedMap.v] (not trusted themselves:
    checked by Coq). They show the spec means what it says: [put] and [delete] keep the keys
    strictly increasing, and [get] after [put]/[delete] behaves as a map. *)

From Coq Require Import List ZArith Bool Lia.
Import ListNotations.
From Aether Require Import spec.OrderedMap.

Section Facts.
Variable V : Type.

Lemma keqb_true : forall a b, keqb a b = true <-> a = b.
Proof. unfold keqb. intros. rewrite <- kcmp_eq. destruct (kcmp a b); split; congruence. Qed.

Lemma put_keys : forall (m : omap V) k v p, In p (put m k v) -> fst p = k \/ In p m.
Proof.
  induction m as [|[k' v'] m IH]; simpl; intros k v p H.
  - destruct H as [H|[]]. subst. auto.
  - destruct (kcmp k k'); simpl in H; destruct H as [H|H]; subst; auto.
    destruct (IH _ _ _ H); auto.
Qed.

Theorem put_sorted : forall (m : omap V) k v, sorted m -> sorted (put m k v).
Proof.
  induction m as [|[k' v'] m IH]; simpl; intros k v H; auto.
  destruct H as [Hf Hs]. destruct (kcmp k k') eqn:E; simpl.
  - apply kcmp_eq in E. subst. auto.
  - split; auto. constructor; auto. rewrite Forall_forall in *. intros p Hp.
    eapply klt_trans; eauto.
  - split; auto. rewrite Forall_forall in *. intros p Hp.
    destruct (put_keys _ _ _ _ Hp) as [Hk|Hk]; auto. rewrite Hk.
    unfold klt. rewrite kcmp_antisym, E. reflexivity.
Qed.

Theorem delete_sorted : forall (m : omap V) k, sorted m -> sorted (delete m k).
Proof.
  unfold delete. induction m as [|[k' v'] m IH]; simpl; intros k H; auto.
  destruct H as [Hf Hs]. destruct (negb (keqb k' k)); simpl; auto. split; auto.
  rewrite Forall_forall in *. intros p Hp. apply filter_In in Hp. destruct Hp. auto.
Qed.

Theorem get_put_same : forall (m : omap V) k v, get (put m k v) k = Some v.
Proof.
  induction m as [|[k' v'] m IH]; simpl; intros k v.
  - assert (keqb k k = true) by (apply keqb_true; auto). rewrite H. auto.
  - assert (E0 : keqb k k = true) by (apply keqb_true; auto).
    destruct (kcmp k k') eqn:E; simpl; try rewrite E0; auto.
    assert (keqb k k' = false).
    { unfold keqb. rewrite E. auto. }
    rewrite H. auto.
Qed.

Theorem get_put_other : forall (m : omap V) k v k', k' <> k -> get (put m k v) k' = get m k'.
Proof.
  induction m as [|[k1 v1] m IH]; simpl; intros k v k' Hne.
  - destruct (keqb k' k) eqn:E; auto. apply keqb_true in E. congruence.
  - destruct (kcmp k k1) eqn:E; simpl.
    + apply kcmp_eq in E. subst. destruct (keqb k' k1) eqn:E2; auto.
      apply keqb_true in E2. congruence.
    + destruct (keqb k' k) eqn:E2; auto. apply keqb_true in E2. congruence.
    + rewrite IH; auto.
Qed.

Theorem get_delete_same : forall (m : omap V) k, get (delete m k) k = None.
Proof.
  unfold delete. induction m as [|[k' v'] m IH]; simpl; intros k; auto.
  destruct (keqb k' k) eqn:E; simpl; auto.
  destruct (keqb k k') eqn:E2; auto. apply keqb_true in E2. subst.
  assert (keqb k' k' = true) by (apply keqb_true; auto). congruence.
Qed.

Theorem get_delete_other : forall (m : omap V) k k', k' <> k -> get (delete m k) k' = get m k'.
Proof.
  unfold delete. induction m as [|[k1 v1] m IH]; simpl; intros k k' Hne; auto.
  destruct (keqb k1 k) eqn:E; simpl.
  - apply keqb_true in E. subst. destruct (keqb k' k) eqn:E2; auto.
    apply keqb_true in E2. congruence.
  - destruct (keqb k' k1); auto.
Qed.

Theorem run_sorted : forall ops : list (op V), sorted (run ops).
Proof.
  unfold run. assert (G : forall ops (m : omap V), sorted m -> sorted (fold_left apply_op ops m)).
  { induction ops as [|o ops IH]; simpl; intros m H; auto. apply IH.
    destruct o; simpl; [apply put_sorted|apply delete_sorted]; auto. }
  intro ops. apply G. exact I.
Qed.

End Facts.

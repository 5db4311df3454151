(** * Fill in bytes: the Java split and rebalance policy over entry sizes.

    [BTree.v] measures a node by its count; the Java code ([CowTree], [NodeLayout],
    [PageFormat]) measures it in bytes. This file models the byte layer on its own, over lists
    of entry sizes, and proves that Java's split and rebalance policy keeps every node it
    produces within [[minFill P, P]]:
    - [leaf_entry_bytes], [separator_bytes], [leaf_bytes], [branch_bytes]: [NodeLayout]
      ([leafEntryBytes], [separatorBytes], [leafBytes], [branchBytes]) with [PageFormat]'s
      constants ([HEADER = 16], [BLOB_REF_BYTES = 16], [CHILD_REF_BYTES = 12], [maxInlineValue
      = 5/16 page], [maxKey = 1/8 page], [minFill = 1/4 page]) and [Kernels.varintSize];
    - [balanced_leaf_split], [balanced_branch_split]: the loops of [CowTree.balancedLeafSplit]
      and [CowTree.balancedBranchSplit] (first index minimising the larger half; a leaf keeps
      both halves non-empty, a branch gives each half at least two children);
    - [leaf_rebalance], [branch_rebalance]: [CowTree.rebalance] after [merge]: the merged pair
      if it fits a page, else its balanced halves.

    A leaf is the list of its entries' sizes ([leafEntryBytes] of each key/value); a branch is
    the list of its separators' sizes ([separatorBytes]; the children add [CHILD_REF_BYTES]
    each, one more child than separators).

    The page size [P] is a section variable; the hypotheses the Java code guarantees are
    stated once: [page_min], [page_max] ([Options]: a power of two from 4096 to 65536; only
    the range is used), and key lengths [1 <= kl <= maxKey P] where an entry's size is bounded
    ([AetherDB]: [Args.keyLimits]). Values longer than [maxInlineValue P] are out of line
    ([Engine]: [v.length > maxInlineValue] goes to [store.writeBlob]).

    Main results: [leaf_split_fill], [branch_split_fill], [leaf_rebalance_fill],
    [branch_rebalance_fill], [branch_min_children]. [BTree.v] uses these definitions for the
    tree model's node sizes and split points, and [Fill.v] threads [leaf_split_fill],
    [branch_split_fill] and [branch_min_children] through the tree invariant
    ([btree_ops_preserve_invariants]); [leaf_rebalance_fill] / [branch_rebalance_fill] state
    the rebalance step on size lists alone (the tree proof redoes it on nodes,
    [Fill.merge_fit_fill]). *)

From Coq Require Import List ZArith Lia.
Import ListNotations.
Local Open Scope Z_scope.

(** ** [PageFormat] and [NodeLayout] *)

Definition HEADER : Z := 16.
Definition BLOB_REF_BYTES : Z := 16.
Definition LOGGED_REF_BYTES : Z := 20.
Definition CHILD_REF_BYTES : Z := 12.
Definition max_inline (P : Z) : Z := P * 5 / 16.
Definition max_key (P : Z) : Z := P / 8.
Definition min_fill (P : Z) : Z := P / 4.

(** [Kernels.varintSize]: bytes of an unsigned LEB128 varint of [v >= 0]. *)
Definition varint_size (v : Z) : Z :=
  if v <? 128 then 1 else if v <? 16384 then 2 else if v <? 2097152 then 3
  else if v <? 268435456 then 4 else 5.

(** The default threshold above which a value is kept in the log ([Options.logValuesAbove] 0,
    [Engine.logAbove]: a sixteenth of the page, always below [maxInlineValue]). *)
Definition log_above (P : Z) : Z := P / 16.

(** [NodeLayout.leafEntryBytes] of a key of [kl] bytes and a value of [vl] bytes as the engine
    stores it with the default threshold: inline when [vl <= log_above P]; else a [Logged]
    reference into the log when [vl <= maxInlineValue P]; else an [OutOfLine] reference. *)
Definition leaf_entry_bytes (P kl vl : Z) : Z :=
  varint_size kl + kl + 1 +
  (if vl <=? log_above P then varint_size vl + vl
   else if vl <=? max_inline P then LOGGED_REF_BYTES else BLOB_REF_BYTES).

(** [NodeLayout.leafEntryBytes] of an entry stored in any of the three forms, whatever threshold
    chose it (a tree may mix them: the threshold may change between opens). *)
Inductive stored_form (P : Z) : Z -> Prop :=
  | stored_inline : forall vl, 0 <= vl <= max_inline P -> stored_form P (varint_size vl + vl)
  | stored_logged : stored_form P LOGGED_REF_BYTES
  | stored_blob : stored_form P BLOB_REF_BYTES.

(** [NodeLayout.separatorBytes] of a separator of [kl] bytes. *)
Definition separator_bytes (kl : Z) : Z := varint_size kl + kl.

Fixpoint zsum (xs : list Z) : Z := match xs with [] => 0 | x :: r => x + zsum r end.

(** [NodeLayout.leafBytes] of a leaf whose entries have sizes [xs]. *)
Definition leaf_bytes (xs : list Z) : Z := HEADER + zsum xs.

(** [NodeLayout.branchBytes] of a branch whose separators have sizes [seps]. *)
Definition branch_bytes (seps : list Z) : Z :=
  HEADER + CHILD_REF_BYTES * (Z.of_nat (length seps) + 1) + zsum seps.

Definition prefix (xs : list Z) (m : nat) : Z := zsum (firstn m xs).

(** ** The split loops *)

(** [for (m = lo; m <= hi; m++) if (cost(m) < bestMax) { bestMax = cost(m); best = m; }]
    with [best = lo] initially (the first iteration always improves on [MAX_VALUE]). *)
Fixpoint argmin_from (cost : nat -> Z) (m fuel best : nat) (bc : Z) : nat :=
  match fuel with
  | O => best
  | S f => if cost m <? bc then argmin_from cost (S m) f m (cost m)
           else argmin_from cost (S m) f best bc
  end.

Definition argmin (cost : nat -> Z) (lo hi : nat) : nat :=
  argmin_from cost (S lo) (hi - lo) lo (cost lo).

(** [balancedLeafSplit]: [total = bytes - HEADER], [left] = sizes of the first [m] entries,
    cost [max(left, total - left)], [m] from 1 to [n - 1]. *)
Definition leaf_cost (xs : list Z) (m : nat) : Z := Z.max (prefix xs m) (zsum xs - prefix xs m).
Definition balanced_leaf_split (xs : list Z) : nat := argmin (leaf_cost xs) 1 (length xs - 1).

(** [balancedBranchSplit]: separator [m] goes up; cost
    [max(branchBytes(keys, 0, m), branchBytes(keys, m + 1, seps))], [m] from 1 to [seps - 2]. *)
Definition branch_cost (seps : list Z) (m : nat) : Z :=
  Z.max (branch_bytes (firstn m seps)) (branch_bytes (skipn (S m) seps)).
Definition balanced_branch_split (seps : list Z) : nat :=
  argmin (branch_cost seps) 1 (length seps - 2).

(** ** Generic facts *)

Lemma argmin_from_spec : forall cost f m best bc, cost best = bc ->
  (argmin_from cost m f best bc = best \/ (m <= argmin_from cost m f best bc < m + f)%nat) /\
  cost (argmin_from cost m f best bc) <= bc /\
  forall j, (m <= j < m + f)%nat -> cost (argmin_from cost m f best bc) <= cost j.
Proof.
  intro cost. induction f as [|f IH]; intros m best bc E; cbn [argmin_from].
  - split; [auto|]. split; [lia|]. intros j Hj. lia.
  - destruct (cost m <? bc) eqn:C.
    + apply Z.ltb_lt in C. destruct (IH (S m) m (cost m) eq_refl) as (H1 & H2 & H3).
      split; [destruct H1 as [H1|H1]; right; lia|].
      split; [lia|]. intros j Hj. destruct (Nat.eq_dec j m) as [->|Hne]; [lia|]. apply H3. lia.
    + apply Z.ltb_ge in C. destruct (IH (S m) best bc E) as (H1 & H2 & H3).
      split; [destruct H1 as [H1|H1]; [left; auto|right; lia]|].
      split; [lia|]. intros j Hj. destruct (Nat.eq_dec j m) as [->|Hne]; [lia|]. apply H3. lia.
Qed.

Lemma argmin_spec : forall cost lo hi, (lo <= hi)%nat ->
  (lo <= argmin cost lo hi <= hi)%nat /\
  forall j, (lo <= j <= hi)%nat -> cost (argmin cost lo hi) <= cost j.
Proof.
  intros cost lo hi H. unfold argmin.
  destruct (argmin_from_spec cost (hi - lo) (S lo) lo (cost lo) eq_refl) as (H1 & H2 & H3).
  split; [destruct H1; lia|].
  intros j Hj. destruct (Nat.eq_dec j lo) as [->|Hne]; [auto|]. apply H3. lia.
Qed.

Lemma zsum_app : forall a b, zsum (a ++ b) = zsum a + zsum b.
Proof. induction a as [|x a IH]; simpl; intros; [lia|]. rewrite IH. lia. Qed.

(** Every size in [0, X]. *)
Definition bounded (X : Z) (xs : list Z) : Prop := Forall (fun x => 0 <= x <= X) xs.

Lemma zsum_nonneg : forall X xs, bounded X xs -> 0 <= zsum xs.
Proof. intros X xs H. induction H; simpl; lia. Qed.

Lemma bounded_skipn : forall X xs m, bounded X xs -> bounded X (skipn m xs).
Proof.
  intros X xs m H. revert m. induction H as [|x l Hx Hl IH]; intros [|m]; simpl;
    try constructor; auto.
Qed.

Lemma bounded_firstn : forall X xs m, bounded X xs -> bounded X (firstn m xs).
Proof.
  intros X xs m H. revert m. induction H as [|x l Hx Hl IH]; intros [|m]; simpl;
    try constructor; auto. apply IH.
Qed.

Lemma bounded_app : forall X a b, bounded X a -> bounded X b -> bounded X (a ++ b).
Proof. intros. apply Forall_app. auto. Qed.

Lemma prefix_skipn : forall xs m, prefix xs m + zsum (skipn m xs) = zsum xs.
Proof. intros. unfold prefix. rewrite <- zsum_app, firstn_skipn. reflexivity. Qed.

Lemma prefix_bounds : forall X xs m, bounded X xs -> 0 <= prefix xs m <= zsum xs.
Proof.
  intros X xs m H. pose proof (prefix_skipn xs m).
  pose proof (zsum_nonneg X _ (bounded_firstn X xs m H)).
  pose proof (zsum_nonneg X _ (bounded_skipn X xs m H)). unfold prefix in *. lia.
Qed.

Lemma prefix_S : forall xs m, (m < length xs)%nat ->
  prefix xs (S m) = prefix xs m + nth m xs 0.
Proof.
  unfold prefix. induction xs as [|x xs IH]; intros [|m] H; simpl in *; try lia.
  rewrite IH by lia. lia.
Qed.

Lemma prefix_all : forall xs, prefix xs (length xs) = zsum xs.
Proof. intros. unfold prefix. rewrite firstn_all. reflexivity. Qed.

Lemma prefix_0 : forall xs, prefix xs 0 = 0.
Proof. reflexivity. Qed.

Lemma nth_bounded : forall X xs m, bounded X xs -> 0 <= X -> 0 <= nth m xs 0 <= X.
Proof.
  intros X xs m H HX. revert m. induction H as [|x l Hx Hl IH]; intros [|m]; simpl; auto; lia.
Qed.

Lemma zsum_le_length : forall X xs, bounded X xs -> zsum xs <= Z.of_nat (length xs) * X.
Proof.
  intros X xs H. induction H; cbn [zsum length]; [lia|].
  rewrite Nat2Z.inj_succ, Z.mul_succ_l. lia.
Qed.

(** A discrete intermediate value: [g] crosses [c] between [a] and [b]. *)
Lemma crossing : forall (g : nat -> Z) c a b, (a < b)%nat -> g a <= c -> c < g b ->
  exists m, (a <= m < b)%nat /\ g m <= c /\ c < g (S m).
Proof.
  intros g c a b. induction b as [|b IH]; intros H1 H2 H3; [lia|].
  destruct (Nat.eq_dec a b) as [->|Hne]; [exists b; repeat split; auto; lia|].
  destruct (Z_le_gt_dec (g b) c) as [Hb|Hb].
  - exists b. repeat split; auto; lia.
  - destruct IH as (m & Hm & Hm1 & Hm2); [lia|auto|lia|]. exists m. repeat split; auto; lia.
Qed.

(** ** The balanced splits, for any entry sizes at most [X] *)

Lemma leaf_good : forall X xs, bounded X xs -> 0 <= X -> (2 <= length xs)%nat -> 0 < zsum xs ->
  exists m, (1 <= m <= length xs - 1)%nat /\ 2 * leaf_cost xs m <= zsum xs + X.
Proof.
  intros X xs HB HX Hn HT.
  destruct (crossing (fun m => 2 * prefix xs m) (zsum xs) 0 (length xs)) as (m0 & Hm & C1 & C2);
    [lia | rewrite prefix_0; lia | rewrite prefix_all; lia |].
  cbv beta in C1, C2.
  assert (Ex : prefix xs (S m0) = prefix xs m0 + nth m0 xs 0) by (apply prefix_S; lia).
  pose proof (nth_bounded X xs m0 HB HX) as Hx.
  pose proof (prefix_bounds X xs m0 HB) as P0.
  pose proof (prefix_bounds X xs (S m0) HB) as P1.
  assert (Pn : S m0 = length xs -> prefix xs (S m0) = zsum xs)
    by (intros E; rewrite E; apply prefix_all).
  assert (Z0 : m0 = 0%nat -> prefix xs m0 = 0) by (intros E; rewrite E; reflexivity).
  unfold leaf_cost.
  destruct (le_lt_dec 1 m0) as [H1|H1];
    [destruct (Z_le_gt_dec (2 * Z.max (prefix xs m0) (zsum xs - prefix xs m0)) (zsum xs + X))
       as [G|G]|].
  - exists m0. split; [lia|exact G].
  - exists (S m0). split.
    + destruct (Nat.eq_dec (S m0) (length xs)) as [E|E]; [|lia].
      exfalso. specialize (Pn E). lia.
    + lia.
  - exists (S m0). split; [lia|]. specialize (Z0 ltac:(lia)). lia.
Qed.

(** [balancedLeafSplit]: both halves non-empty, each at most half the entries plus one
    entry. *)
Theorem balanced_leaf_split_spec : forall X xs,
  bounded X xs -> 0 <= X -> (2 <= length xs)%nat -> 0 < zsum xs ->
  (1 <= balanced_leaf_split xs <= length xs - 1)%nat /\
  2 * prefix xs (balanced_leaf_split xs) <= zsum xs + X /\
  zsum xs - X <= 2 * prefix xs (balanced_leaf_split xs).
Proof.
  intros X xs HB HX Hn HT.
  destruct (leaf_good X xs HB HX Hn HT) as (g & Hg & G).
  destruct (argmin_spec (leaf_cost xs) 1 (length xs - 1)) as [R1 R2]; [lia|].
  specialize (R2 g Hg). unfold balanced_leaf_split. unfold leaf_cost in *.
  split; [exact R1|]. lia.
Qed.

Lemma balanced_leaf_split_range : forall xs, (2 <= length xs)%nat ->
  (1 <= balanced_leaf_split xs <= length xs - 1)%nat.
Proof. intros xs H. apply argmin_spec. lia. Qed.

(** The two halves of a branch split at separator [m] (0-based): [m] separators and [m + 1]
    children on the left, [seps - m - 1] separators and [seps - m] children on the right. *)
Lemma branch_left : forall seps m, (m <= length seps)%nat ->
  branch_bytes (firstn m seps) = 28 + 12 * Z.of_nat m + prefix seps m.
Proof.
  intros seps m H. unfold branch_bytes, prefix, HEADER, CHILD_REF_BYTES.
  rewrite firstn_length, Nat.min_l by lia. lia.
Qed.

Lemma branch_right : forall seps m, (m < length seps)%nat ->
  branch_bytes (skipn (S m) seps) =
  16 + 12 * Z.of_nat (length seps - m) + (zsum seps - prefix seps (S m)).
Proof.
  intros seps m H. unfold branch_bytes, HEADER, CHILD_REF_BYTES.
  pose proof (prefix_skipn seps (S m)). rewrite skipn_length. lia.
Qed.

Lemma branch_good : forall X seps, bounded X seps -> 0 <= X ->
  2 * (12 + X) < 12 * Z.of_nat (length seps) + zsum seps ->
  (3 <= length seps)%nat /\
  exists m, (1 <= m <= length seps - 2)%nat /\
    2 * branch_cost seps m <= 56 + 12 * Z.of_nat (length seps) + zsum seps.
Proof.
  intros X seps HB HX HS.
  set (n := length seps) in *.
  assert (Hn : (3 <= n)%nat).
  { pose proof (zsum_le_length X seps HB). fold n in H.
    destruct (le_lt_dec 3 n) as [|Hn]; [auto|]. exfalso. nia. }
  split; [exact Hn|].
  set (c := 12 * Z.of_nat n + zsum seps) in *.
  set (g := fun m => 2 * (12 * Z.of_nat m + prefix seps m)).
  assert (Hlast : prefix seps (S (n - 1)) = prefix seps (n - 1) + nth (n - 1) seps 0)
    by (apply prefix_S; lia).
  replace (S (n - 1)) with n in Hlast by lia. unfold n in Hlast at 1.
  rewrite prefix_all in Hlast.
  pose proof (nth_bounded X seps (n - 1) HB HX) as Hxl.
  assert (Hfirst : prefix seps 1 = prefix seps 0 + nth 0 seps 0) by (apply prefix_S; lia).
  rewrite prefix_0 in Hfirst.
  pose proof (nth_bounded X seps 0 HB HX) as Hx0.
  destruct (crossing g c 1 (n - 1)) as (m0 & Hm & C1 & C2).
  - lia.
  - unfold g, c. rewrite Hfirst. lia.
  - unfold g, c. rewrite Nat2Z.inj_sub by lia. lia.
  - unfold g in C1, C2.
    assert (Ex : prefix seps (S m0) = prefix seps m0 + nth m0 seps 0) by (apply prefix_S; lia).
    exists m0. split; [lia|]. unfold branch_cost.
    rewrite branch_left by lia. rewrite branch_right by lia. fold n.
    rewrite Nat2Z.inj_sub by lia. rewrite Nat2Z.inj_succ in C2. unfold c in *. lia.
Qed.

(** [balancedBranchSplit]: each half keeps at least two children; the larger half is at most
    half the branch plus 28 bytes, the smaller at least half the branch minus one child and
    separator. *)
Theorem balanced_branch_split_spec : forall X seps, bounded X seps -> 0 <= X ->
  2 * (12 + X) < 12 * Z.of_nat (length seps) + zsum seps ->
  let m := balanced_branch_split seps in
  (1 <= m <= length seps - 2)%nat /\
  2 * branch_bytes (firstn m seps) <= 28 + branch_bytes seps /\
  2 * branch_bytes (skipn (S m) seps) <= 28 + branch_bytes seps /\
  branch_bytes seps - 2 * (12 + X) + 28 <=
    2 * Z.min (branch_bytes (firstn m seps)) (branch_bytes (skipn (S m) seps)).
Proof.
  intros X seps HB HX HS. cbv zeta.
  destruct (branch_good X seps HB HX HS) as (Hn & g & Hg & G).
  destruct (argmin_spec (branch_cost seps) 1 (length seps - 2)) as [R1 R2]; [lia|].
  specialize (R2 g Hg). unfold balanced_branch_split.
  set (m := argmin (branch_cost seps) 1 (length seps - 2)) in *. unfold branch_cost in R2.
  assert (Ex : prefix seps (S m) = prefix seps m + nth m seps 0) by (apply prefix_S; lia).
  pose proof (nth_bounded X seps m HB HX) as Hx.
  assert (Hb : branch_bytes seps = 28 + 12 * Z.of_nat (length seps) + zsum seps)
    by (unfold branch_bytes, HEADER, CHILD_REF_BYTES; lia).
  unfold branch_cost in G.
  rewrite !branch_left in R2 by lia. rewrite !branch_right in R2 by lia.
  rewrite branch_left in G by lia. rewrite branch_right in G by lia.
  rewrite branch_left by lia. rewrite branch_right by lia.
  rewrite Hb. split; [lia|]. lia.
Qed.

(** ** With the page size *)

(** Case splits on boolean comparisons of [Z], turned into hypotheses; also used by [Fill.v]. *)
Ltac bool_cases :=
  repeat match goal with
  | |- context [if ?b then _ else _] => let E := fresh "E" in destruct b eqn:E
  end;
  repeat match goal with
  | H : (_ <? _) = true |- _ => apply Z.ltb_lt in H
  | H : (_ <? _) = false |- _ => apply Z.ltb_ge in H
  | H : (_ <=? _) = true |- _ => apply Z.leb_le in H
  | H : (_ <=? _) = false |- _ => apply Z.leb_gt in H
  end.

Section Page.

Variable P : Z.
(** [Options.Builder.build]: a power of two from 4096 to 65536 (only the range is used). *)
Hypothesis page_min : 4096 <= P.
Hypothesis page_max : P <= 65536.

(** The largest [leafEntryBytes] of a key of at most [maxKey] bytes. *)
Definition leaf_entry_max : Z := P / 8 + P * 5 / 16 + 6.
(** The largest [separatorBytes] of a separator of at most [maxKey] bytes (a separator is a
    prefix of a key: [shortestSeparator]). *)
Definition sep_max : Z := P / 8 + 2.

Ltac page := unfold leaf_entry_max, sep_max, min_fill, max_key, max_inline in *;
  Z.div_mod_to_equations; lia.

(** [leafEntryBytes] of a key of [1..maxKey] bytes and any value. *)
Lemma leaf_entry_bytes_bounds : forall kl vl, 1 <= kl <= max_key P -> 0 <= vl ->
  0 < leaf_entry_bytes P kl vl <= leaf_entry_max.
Proof.
  intros kl vl Hk Hv. unfold leaf_entry_bytes, log_above, varint_size, LOGGED_REF_BYTES, BLOB_REF_BYTES.
  bool_cases; page.
Qed.

(** Every stored form, whatever threshold chose it, has the size bound the fill proofs use: so
    [leaf_split_fill] and the rebalance lemmas, stated over entry sizes, hold for a leaf of
    values written under different thresholds too. *)
Lemma leaf_entry_any_form_bounds : forall kl s, 1 <= kl <= max_key P -> stored_form P s ->
  0 < varint_size kl + kl + 1 + s <= leaf_entry_max.
Proof.
  intros kl s Hk Hs. destruct Hs as [vl Hv | |];
    unfold varint_size, LOGGED_REF_BYTES, BLOB_REF_BYTES in *; bool_cases; page.
Qed.

(** [separatorBytes] of a separator of [0..maxKey] bytes. *)
Lemma separator_bytes_bounds : forall kl, 0 <= kl <= max_key P ->
  0 < separator_bytes kl <= sep_max.
Proof. intros kl Hk. unfold separator_bytes, varint_size. bool_cases; page. Qed.

(** [fitLeaf] then [split]: a leaf over the page, at most one entry over it (a put into a
    leaf that fitted; also a merged pair in [rebalance], see below), splits into two
    non-empty halves that each fill at least a quarter page and fit a page. *)
Theorem leaf_split_fill : forall xs, bounded leaf_entry_max xs ->
  P < leaf_bytes xs <= P + leaf_entry_max ->
  let m := balanced_leaf_split xs in
  (1 <= m <= length xs - 1)%nat /\
  min_fill P <= leaf_bytes (firstn m xs) <= P /\ min_fill P <= leaf_bytes (skipn m xs) <= P.
Proof.
  intros xs HB HT. cbv zeta.
  assert (HX : 0 <= leaf_entry_max) by page.
  assert (Hn : (2 <= length xs)%nat).
  { destruct xs as [|x [|y r]]; cbn [length]; try lia; exfalso; unfold leaf_bytes, HEADER in HT;
      cbn [zsum] in HT; [lia|].
    unfold bounded in HB. rewrite Forall_forall in HB. specialize (HB x (or_introl eq_refl)).
    page. }
  destruct (balanced_leaf_split_spec leaf_entry_max xs HB HX Hn) as (R1 & R2 & R3);
    [unfold leaf_bytes, HEADER in HT; lia|].
  pose proof (prefix_skipn xs (balanced_leaf_split xs)).
  unfold leaf_bytes, HEADER in *. unfold prefix in *. split; [exact R1|]. page.
Qed.

(** [fitBranch] then [split]: a branch over the page by at most a quarter page plus one
    child and separator (a child split inserted, or a separator replaced in [rebalance], or a
    merged pair) splits into halves of at least two children each, each filling at least a
    quarter page and fitting a page. *)
Theorem branch_split_fill : forall seps, bounded sep_max seps ->
  P < branch_bytes seps <= P + min_fill P + CHILD_REF_BYTES + sep_max ->
  let m := balanced_branch_split seps in
  (1 <= m <= length seps - 2)%nat /\
  min_fill P <= branch_bytes (firstn m seps) <= P /\
  min_fill P <= branch_bytes (skipn (S m) seps) <= P.
Proof.
  intros seps HB HT. cbv zeta.
  assert (HX : 0 <= sep_max) by page.
  assert (Hb : branch_bytes seps = 28 + 12 * Z.of_nat (length seps) + zsum seps)
    by (unfold branch_bytes, HEADER, CHILD_REF_BYTES; lia).
  destruct (balanced_branch_split_spec sep_max seps HB HX) as (R1 & R2 & R3 & R4);
    [unfold CHILD_REF_BYTES in HT; page|].
  split; [exact R1|]. unfold CHILD_REF_BYTES in HT. page.
Qed.

(** A branch that fills a quarter page has at least three children (two separators), so a
    non-root branch that loses one child to a merge below it keeps at least two. *)
Theorem branch_min_children : forall seps, bounded sep_max seps ->
  min_fill P <= branch_bytes seps -> (2 <= length seps)%nat.
Proof.
  intros seps HB H. pose proof (zsum_le_length sep_max seps HB).
  unfold branch_bytes, HEADER, CHILD_REF_BYTES in H.
  destruct (le_lt_dec 2 (length seps)) as [|Hn]; [auto|]. exfalso.
  assert (L : Z.of_nat (length seps) <= 1) by lia.
  assert (S0 : 0 <= sep_max) by page.
  assert (S1 : zsum seps <= sep_max) by nia. page.
Qed.

(** [CowTree.rebalance] of two leaves: the merged leaf if it fits a page, else its balanced
    halves. *)
Definition leaf_rebalance (l r : list Z) : list (list Z) :=
  let xs := l ++ r in
  if leaf_bytes xs <=? P then [xs]
  else let m := balanced_leaf_split xs in [firstn m xs; skipn m xs].

(** [CowTree.rebalance] of two branches: [merge] pulls the parent's separator [sep] down
    between the two separator arrays; the merged branch if it fits, else its halves (the
    middle separator goes up to the parent). *)
Definition branch_rebalance (l : list Z) (sep : Z) (r : list Z) : list (list Z) :=
  let seps := l ++ sep :: r in
  if branch_bytes seps <=? P then [seps]
  else let m := balanced_branch_split seps in [firstn m seps; skipn (S m) seps].

Definition pair_bounds (a b : Z) : Prop :=
  (a < min_fill P /\ min_fill P <= b <= P) \/ (min_fill P <= a <= P /\ b < min_fill P).

(** [rebalance] of an underfull leaf (below a quarter page) and its sibling (within the
    bounds), in either order: every resulting leaf is within [[minFill, P]]. *)
Theorem leaf_rebalance_fill : forall l r,
  bounded leaf_entry_max l -> bounded leaf_entry_max r ->
  pair_bounds (leaf_bytes l) (leaf_bytes r) ->
  Forall (fun xs => min_fill P <= leaf_bytes xs <= P) (leaf_rebalance l r).
Proof.
  intros l r Hl Hr Hp. unfold leaf_rebalance.
  assert (E : leaf_bytes (l ++ r) = leaf_bytes l + leaf_bytes r - HEADER)
    by (unfold leaf_bytes; rewrite zsum_app; lia).
  pose proof (zsum_nonneg _ _ Hl). pose proof (zsum_nonneg _ _ Hr).
  unfold pair_bounds, leaf_bytes, HEADER in Hp, E.
  destruct (leaf_bytes (l ++ r) <=? P) eqn:C.
  - apply Z.leb_le in C. constructor; [|constructor]. unfold leaf_bytes, HEADER in *. lia.
  - apply Z.leb_gt in C.
    destruct (leaf_split_fill (l ++ r) (bounded_app _ _ _ Hl Hr)) as (_ & H1 & H2).
    + split; [exact C|]. unfold leaf_bytes, HEADER in *. page.
    + constructor; [exact H1|]. constructor; [exact H2|]. constructor.
Qed.

(** [rebalance] of an underfull branch and its sibling, with the parent's separator between
    them (at most [maxKey] bytes): every resulting branch is within [[minFill, P]]. *)
Theorem branch_rebalance_fill : forall l sep r,
  bounded sep_max l -> bounded sep_max r -> 0 <= sep <= sep_max ->
  pair_bounds (branch_bytes l) (branch_bytes r) ->
  Forall (fun seps => min_fill P <= branch_bytes seps <= P) (branch_rebalance l sep r).
Proof.
  intros l sep r Hl Hr Hs Hp. unfold branch_rebalance.
  assert (E : branch_bytes (l ++ sep :: r) = branch_bytes l + branch_bytes r - HEADER + sep)
    by (unfold branch_bytes; rewrite zsum_app, app_length; simpl length; cbn [zsum];
        rewrite Nat2Z.inj_add, Nat2Z.inj_succ; unfold HEADER, CHILD_REF_BYTES; lia).
  pose proof (zsum_nonneg _ _ Hl). pose proof (zsum_nonneg _ _ Hr).
  assert (Bl : 28 <= branch_bytes l) by (unfold branch_bytes, HEADER, CHILD_REF_BYTES; lia).
  assert (Br : 28 <= branch_bytes r) by (unfold branch_bytes, HEADER, CHILD_REF_BYTES; lia).
  unfold pair_bounds, HEADER in Hp, E.
  destruct (branch_bytes (l ++ sep :: r) <=? P) eqn:C.
  - apply Z.leb_le in C. constructor; [|constructor]. lia.
  - apply Z.leb_gt in C.
    assert (Hb : bounded sep_max (l ++ sep :: r)) by (apply bounded_app; auto; constructor; auto).
    destruct (branch_split_fill (l ++ sep :: r) Hb) as (_ & H1 & H2).
    + split; [exact C|]. unfold CHILD_REF_BYTES. page.
    + constructor; [exact H1|]. constructor; [exact H2|]. constructor.
Qed.

End Page.

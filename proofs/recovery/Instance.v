(** * The hypotheses of theorem 3 are satisfiable: a concrete instance.

    Not a model of the Java: a sanity check that [recovery_prefix_durable] is not vacuous. Bytes
    are a small inductive type; a torn write leaves [RJunk], which no decoder accepts; a crash
    keeps forced locations and leaves each unforced one old, new or torn. The section hypotheses
    are proven here, and the initial state exists. *)

From Coq Require Import List.
From Aether Require Import recovery.Recovery.
Import ListNotations.

Inductive RawC := RZero | RRec (r : Rec nat) | RSb (s : Sb) | RImg (st : list nat) | RJunk.

Definition enc_recC (r : Rec nat) := RRec r.
Definition dec_recC (x : RawC) := match x with RRec r => Some r | _ => None end.
Definition enc_sbC (s : Sb) := RSb s.
Definition dec_sbC (x : RawC) := match x with RSb s => Some s | _ => None end.
Definition enc_imgC (st : list nat) := RImg st.
Definition dec_imgC (x : RawC) := match x with RImg st => Some st | _ => None end.
Definition tornC (o n x : RawC) : Prop := x = RJunk.
Definition applyC (st : list nat) (tx : nat) := tx :: st.

Definition crashC (d : Disk RawC) (m : Loc -> RawC) : Prop :=
  forall l, (dur _ d l = cur _ d l -> m l = cur _ d l) /\
            (m l = dur _ d l \/ m l = cur _ d l \/ m l = RJunk).

Lemma hC1 : forall r, dec_recC (enc_recC r) = Some r. Proof. reflexivity. Qed.
Lemma hC2 : forall s, dec_sbC (enc_sbC s) = Some s. Proof. reflexivity. Qed.
Lemma hC3 : forall x, dec_imgC (enc_imgC x) = Some x. Proof. reflexivity. Qed.
Lemma hC4 : forall o n x, tornC o n x -> dec_recC x = None. Proof. unfold tornC; intros; subst; reflexivity. Qed.
Lemma hC5 : forall o n x, tornC o n x -> dec_sbC x = None. Proof. unfold tornC; intros; subst; reflexivity. Qed.
Lemma hC6 : forall d m, crashC d m -> forall l, dur _ d l = cur _ d l -> m l = cur _ d l.
Proof. intros d m H l. apply H. Qed.
Lemma hC7 : forall d m, crashC d m -> forall l, m l = dur _ d l \/ m l = cur _ d l \/ tornC (dur _ d l) (cur _ d l) (m l).
Proof. intros d m H l. apply H. Qed.

(** Theorem 3 for this instance: all hypotheses discharged. *)
Definition recovery_prefix_durable_instance :=
  recovery_prefix_durable nat (list nat) applyC [] RawC enc_recC dec_recC enc_sbC dec_sbC enc_imgC
    dec_imgC tornC hC1 hC2 hC3 hC4 hC5 crashC hC6 hC7.

Definition diskC : Loc -> RawC :=
  fun l => match l with LSb 1 => RSb (mkSb 1 0 5) | LImg 5 => RImg [] | _ => RZero end.

Lemma initial_exists : exists init, initial nat (list nat) [] RawC dec_recC enc_sbC dec_sbC enc_imgC init.
Proof.
  exists (mkSys nat RawC (mkDisk RawC diskC diskC) Running [] 0 0 (mkSb 1 0 5) Idle).
  exists 5. repeat split; auto.
Qed.

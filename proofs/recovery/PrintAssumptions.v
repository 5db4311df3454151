From Aether Require Import recovery.Recovery recovery.Instance.
Print Assumptions recovery_prefix_durable.
Print Assumptions recovery_after_kill.
Print Assumptions recovery_idempotent_under_crash.
Print Assumptions recovery_prefix_durable_instance.
Print Assumptions initial_exists.
From Aether Require Import recovery.ValueRefs.
Print Assumptions refs_inv_step.
Print Assumptions refs_resolve_and_readers_stable.
Print Assumptions collect_preserves_map.
Print Assumptions crash_recovery_resolves.
Print Assumptions inv_replay_step.
Print Assumptions refs_inv_initial.

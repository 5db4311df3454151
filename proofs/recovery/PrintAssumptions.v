From Aether Require Import recovery.Recovery recovery.Instance.
Print Assumptions recovery_prefix_durable.
Print Assumptions recovery_after_kill.
Print Assumptions recovery_idempotent_under_crash.
Print Assumptions recovery_prefix_durable_instance.
Print Assumptions initial_exists.

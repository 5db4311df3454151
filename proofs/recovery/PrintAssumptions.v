From Aether Require Import recovery.Recovery.
Print Assumptions recovery_prefix_durable.
Print Assumptions recovery_after_kill.
Print Assumptions recovery_idempotent_under_crash.

(** The documented axioms of the AetherDB proofs.

    Every theorem's [Print Assumptions] must list only axioms declared in this
    file (checked by [make check-assumptions]). Hypotheses about the outside
    world (a torn or flipped record fails its CRC32C, fsync means durable, the
    JVM runs the bytecode as specified) are stated as named hypotheses of the
    theorems that need them, or declared here with a comment saying why they
    cannot be proven. *)

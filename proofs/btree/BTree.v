(** * The page-level B+tree model: executable operations.

    Models [org.aetherdb.btree] ([CowTree], [Leaf], [Branch], [ChildRef], [Search],
    [TreeCursorImpl]). Everything here is computable (structural recursion, or recursion on
    the tree level / an explicit fuel) and is extracted to OCaml by the oracle.

    Stable interface (names and signatures; the oracle depends on them):
    - [key   := list Z]  (bytes as unsigned values 0..255),  [value := list Z]
    - [tree]             a version: [mkTree level root]  (models [(root ChildRef, height)])
    - [empty : tree]
    - [get    : tree -> key -> option value]                         ([CowTree.get])
    - [put    : Z -> tree -> key -> value -> tree]                   ([CowTree.put])
    - [delete : Z -> tree -> key -> tree]                            ([CowTree.delete])
        the first argument is the page size [P] ([NodeStore.pageSize]); the oracle uses 4096.
    - [range  : tree -> key -> option key -> option nat -> list (key * value)]
        [range t from to limit]: ascending entries with [from <= k < to] ([None]: no bound),
        at most [limit] ([None]: no limit)  ([TreeCursorImpl.seek] then [next]).

    Fill, in bytes as in Java: [node_bytes] is [Leaf.bytes()] / [Branch.bytes()]
    ([NodeLayout.leafBytes]: header 16 + per entry [leafEntryBytes] = varint key length + key
    + kind byte + either varint value length + value (inline, at most [maxInlineValue P] =
    5/16 page) or a 16-byte [OutOfLine] reference; [NodeLayout.branchBytes]: header 16 + 12 per child
    reference + [separatorBytes] = varint length + key per separator). [fit] splits a node
    over [P] bytes at Java's balanced point ([balancedLeafSplit], [balancedBranchSplit]: the
    first index minimising the larger half); [replace_child] rebalances a child below
    [minFill P] (a quarter page) with a sibling: merged if the merged node fits [P], else
    re-split ([rebalance]). The byte arithmetic (sizes, the split loops) is in [FillBytes.v];
    the bounds are proven in [Fill.v]. Still abstract: a value's bytes are its length only
    (the blob itself and the address in its [OutOfLine] reference are not modelled), and the page size is a
    parameter, not read from a file. *)

From Coq Require Import List ZArith Bool Arith Lia.
Import ListNotations.
From Aether Require Import spec.OrderedMap btree.FillBytes.

Definition value := list Z.
Definition entry := (key * value)%type.

(** [Node] = [Leaf] | [Branch]. A branch is the list of its children, each paired with the
    separator to its left: [Branch [(_, c0); (s1, c1); ...; (sn, cn)]] is Java's
    [keys = [s1..sn]], [children = [c0..cn]]. The first child's key is not a separator and
    is never read (it is kept so that [children.length = keys.length + 1] holds by
    construction, as Java's [Branch] constructor checks). A child in the list stands for the
    [ChildRef] to it; see [Cow.v] for the page store with addresses. *)
Inductive node :=
| Leaf (es : list entry)
| Branch (cs : list (key * node)).

(** A published version: models the engine's [(root ChildRef, height)] with
    [level = height - 1] ([Node.level] of the root). *)
Record tree := mkTree { level : nat; root : node }.

(** [Node.count] *)
Definition size (n : node) : nat :=
  match n with Leaf es => length es | Branch cs => length cs end.

(** ** Leaves ([Search.find] on [Leaf.keys], [CowTree.leafPut], the leaf case of
    [CowTree.delete]). Linear instead of binary search: the position is the same for sorted
    keys (binary search itself is the KeY proofs' subject). *)

Fixpoint leaf_get (es : list entry) (k : key) : option value :=
  match es with
  | [] => None
  | (k', v) :: es' =>
      match kcmp k k' with Eq => Some v | Lt => None | Gt => leaf_get es' k end
  end.

Fixpoint leaf_put (es : list entry) (k : key) (v : value) : list entry :=
  match es with
  | [] => [(k, v)]
  | (k', v') :: es' =>
      match kcmp k k' with
      | Lt => (k, v) :: es
      | Eq => (k, v) :: es'
      | Gt => (k', v') :: leaf_put es' k v
      end
  end.

(** [None] when the key is absent (Java: [delete] returns null, nothing changes). *)
Fixpoint leaf_del (es : list entry) (k : key) : option (list entry) :=
  match es with
  | [] => None
  | (k', v') :: es' =>
      match kcmp k k' with
      | Lt => None
      | Eq => Some es'
      | Gt => match leaf_del es' k with
              | None => None
              | Some r => Some ((k', v') :: r)
              end
      end
  end.

(** [TreeCursorImpl.seek]'s [Search.lowerBound]: the entries from the first key [>= from]. *)
Fixpoint drop_lt (from : key) (es : list entry) : list entry :=
  match es with
  | [] => []
  | (k, v) :: es' => if kltb k from then drop_lt from es' else es
  end.

(** ** Branches *)

(** [Search.child]: the child whose range holds [k] is the last one whose separator is
    [<= k] (the first child when there is none). Returns the children before it, it (with
    its key), and the children after it. *)
Fixpoint pick (k : key) (cur : key * node) (rest : list (key * node))
  : list (key * node) * (key * node) * list (key * node) :=
  match rest with
  | [] => ([], cur, [])
  | (s, c) :: rest' =>
      if kleb s k then
        let '(pre, x, post) := pick k (s, c) rest' in (cur :: pre, x, post)
      else ([], cur, rest)
  end.

(** [CowTree.shortestSeparator]: the shortest [s] with [left < s <= right], a prefix of
    [right]: [right] cut one byte past the common prefix ([Arrays.mismatch] then
    [Arrays.copyOf]; on the KeY branch [Kernels.separatorLength], same result). Called only
    with [left < right]; [shortest_sep_spec] proves the separator property. *)
Fixpoint shortest_sep (left right : key) : key :=
  match left, right with
  | x :: l', y :: r' => if Z.eqb x y then y :: shortest_sep l' r' else [y]
  | [], y :: _ => [y]
  | _, [] => []
  end.

(** [CowTree.Replacement]: one node, or two with the separator between them. *)
Inductive repl :=
| One (n : node)
| Two (l : node) (sep : key) (r : node).

Definition last_key (es : list entry) : key := fst (last es ([], [])).
Definition first_key (es : list entry) : key := fst (hd ([], []) es).

(** ** Node sizes in bytes ([NodeLayout], [PageFormat]; definitions in [FillBytes.v]) *)

(** [NodeLayout.separatorBytes] of a separator key. *)
Definition sep_bytes (k : key) : Z := separator_bytes (Z.of_nat (length k)).

(** The separators' sizes of a branch: every child's key but the first's. *)
Definition seps_of (cs : list (key * node)) : list Z := map (fun p => sep_bytes (fst p)) (tl cs).

(** The operations that split or rebalance depend on the page size [P] ([NodeStore.pageSize]);
    after the section every such definition takes [P] as its first argument. *)
Section Page.
Variable P : Z.

(** [NodeLayout.leafEntryBytes] of an entry: the value is inline when it is at most
    [maxInlineValue P] bytes, else an [OutOfLine] reference ([engine.Writer] stores longer values out of line). *)
Definition entry_bytes (e : entry) : Z :=
  leaf_entry_bytes P (Z.of_nat (length (fst e))) (Z.of_nat (length (snd e))).

(** [Leaf.bytes()] / [Branch.bytes()]: [NodeLayout.leafBytes] / [NodeLayout.branchBytes]. *)
Definition node_bytes (n : node) : Z :=
  match n with
  | Leaf es => leaf_bytes (map entry_bytes es)
  | Branch cs => branch_bytes (seps_of cs)
  end.

(** [CowTree.split] with [balancedLeafSplit] / [balancedBranchSplit] (over the entries' and
    separators' byte sizes, [FillBytes.v]). A leaf split's separator is [shortestSeparator] of
    the keys around the cut; a branch split pushes up separator [m] (0-based), i.e. the key of
    the right half's first child. The guards ([2 <= length es], a non-empty right half) only
    exclude nodes Java never splits ([Fill.v]: an oversize node has at least two entries, at
    least four children); there the model leaves the node whole. *)
Definition split (n : node) : repl :=
  match n with
  | Leaf es =>
      if (2 <=? length es)%nat then
        let m := balanced_leaf_split (map entry_bytes es) in
        let l := firstn m es in
        let r := skipn m es in
        Two (Leaf l) (shortest_sep (last_key l) (first_key r)) (Leaf r)
      else One n
  | Branch cs =>
      let m := S (balanced_branch_split (seps_of cs)) in
      match skipn m cs with
      | (s, _) :: _ => Two (Branch (firstn m cs)) s (Branch (skipn m cs))
      | [] => One n
      end
  end.

(** [CowTree.fitLeaf] / [CowTree.fitBranch]: split when over the page. *)
Definition fit (n : node) : repl :=
  if Z.leb (node_bytes n) P then One n else split n.

(** [CowTree.merge]: a leaf pair is concatenated; a branch pair gets the parent's
    separator between the two key arrays. *)
Definition merge (l : node) (sep : key) (r : node) : node :=
  match l, r with
  | Leaf a, Leaf b => Leaf (a ++ b)
  | Branch a, Branch ((_, c) :: b) => Branch (a ++ (sep, c) :: b)
  | _, _ => l (* siblings of different kinds: impossible at equal levels *)
  end.

(** The pair [(left, right)] merged ([CowTree.rebalance] after [merge]): the merged node if
    it fits, else its two balanced halves (redistribution). *)
Definition merge_fit (s : key) (l : node) (sep : key) (r : node) : list (key * node) :=
  let m := merge l sep r in
  if Z.leb (node_bytes m) P then [(s, m)]
  else match split m with
       | Two a sep' b => [(s, a); (sep', b)]
       | One a => [(s, a)]
       end.

(** [CowTree.rebalance]: the underfull child (between [pre] and [post], with key [s]) is
    merged with its left sibling if it has one, else with its right sibling. *)
Definition rebalance (pre : list (key * node)) (s : key) (c : node)
  (post : list (key * node)) : list (key * node) :=
  match rev pre with
  | (s0, c0) :: rpre => rev rpre ++ merge_fit s0 c0 s c ++ post
  | [] =>
      match post with
      | (s1, c1) :: post' => merge_fit s c s1 c1 ++ post'
      | [] => [(s, c)]
      end
  end.

(** [CowTree.replaceChild]: the new child (or the two halves of a split child) in place of
    the old one; an underfull child (below [minFill P], a quarter page) is rebalanced with a
    sibling when there is one. *)
Definition replace_child (pre : list (key * node)) (s : key) (post : list (key * node))
  (r : repl) : list (key * node) :=
  match r with
  | Two l sep rt => pre ++ (s, l) :: (sep, rt) :: post
  | One c =>
      if Z.leb (min_fill P) (node_bytes c) ||
         (match pre, post with [], [] => true | _, _ => false end)
      then pre ++ (s, c) :: post
      else rebalance pre s c post
  end.

(** ** Operations on a subtree of level [lvl] ([NodeStore.load(ref, level)]: a node whose kind
    does not match its level is corruption; the model then leaves it unchanged). *)

(** [CowTree.put(ChildRef, Node, key, value)] *)
Fixpoint put_node (lvl : nat) (n : node) (k : key) (v : value) : repl :=
  match lvl, n with
  | O, Leaf es => fit (Leaf (leaf_put es k v))
  | S l, Branch (c0 :: rest) =>
      let '(pre, (s, c), post) := pick k c0 rest in
      fit (Branch (replace_child pre s post (put_node l c k v)))
  | _, _ => One n
  end.

(** [CowTree.delete(ChildRef, Node, key)]: [None] when the key is absent. *)
Fixpoint delete_node (lvl : nat) (n : node) (k : key) : option repl :=
  match lvl, n with
  | O, Leaf es =>
      match leaf_del es k with
      | None => None
      | Some es' => Some (One (Leaf es'))
      end
  | S l, Branch (c0 :: rest) =>
      let '(pre, (s, c), post) := pick k c0 rest in
      match delete_node l c k with
      | None => None
      | Some r => Some (fit (Branch (replace_child pre s post r)))
      end
  | _, _ => None
  end.

(** [CowTree.get] *)
Fixpoint get_node (lvl : nat) (n : node) (k : key) : option value :=
  match lvl, n with
  | O, Leaf es => leaf_get es k
  | S l, Branch (c0 :: rest) =>
      let '(_, (_, c), _) := pick k c0 rest in get_node l c k
  | _, _ => None
  end.

(** [CowTree.newRoot]: a new branch above a split root (root growth); a root branch left
    with one child is replaced by that child (root collapse). *)
Definition new_root (lvl : nat) (r : repl) : tree :=
  match r with
  | Two l sep rt => mkTree (S lvl) (Branch [([], l); (sep, rt)])
  | One (Branch [(_, c)]) => mkTree (pred lvl) c
  | One n => mkTree lvl n
  end.

End Page.

(** ** The operations on a version *)

(** [Leaf.empty()] as the root of a new database. *)
Definition empty : tree := mkTree 0 (Leaf []).

Definition get (t : tree) (k : key) : option value := get_node (level t) (root t) k.

(** [put P t k v] / [delete P t k]: on a database of page size [P]. *)
Definition put (P : Z) (t : tree) (k : key) (v : value) : tree :=
  new_root (level t) (put_node P (level t) (root t) k v).

Definition delete (P : Z) (t : tree) (k : key) : tree :=
  match delete_node P (level t) (root t) k with
  | None => t
  | Some r => new_root (level t) r
  end.

(** ** Range iteration ([TreeCursorImpl]: no sibling links, a stack of parents).

    The cursor state is the rest of the current leaf and a stack of the subtrees still to
    visit, nearest first: for each level of the path, the right siblings of the child the
    cursor is in ([path[d].children[idx[d]+1 ..]]), innermost level on top. [nextLeaf]
    (climb to the nearest level with a right sibling, descend to its first leaf, skip empty
    leaves) pops subtrees from this stack and pushes the children of a popped branch. *)

(** [TreeCursorImpl.descend(key)] then [Search.lowerBound]: the rest of the leaf from the
    first key [>= from] and the stack of right siblings along the path. *)
Fixpoint seek (lvl : nat) (n : node) (from : key) (stack : list node)
  : list entry * list node :=
  match lvl, n with
  | O, Leaf es => (drop_lt from es, stack)
  | S l, Branch (c0 :: rest) =>
      let '(_, (_, c), post) := pick from c0 rest in
      seek l c from (map snd post ++ stack)
  | _, _ => ([], stack)
  end.

Definition dec_limit (limit : option nat) : option nat :=
  match limit with None => None | Some n => Some (pred n) end.

Definition limit_done (limit : option nat) : bool :=
  match limit with Some 0 => true | _ => false end.

(** [TreeCursorImpl.next] / [nextLeaf] / [descendEdge], with the caller's stop rule: stop at
    the first key [>= to] or after [limit] entries. [fuel] bounds the steps (one per entry
    and one per subtree popped). *)
Fixpoint iter (fuel : nat) (to : option key) (limit : option nat)
  (cur : list entry) (stack : list node) : list entry :=
  match fuel with
  | O => []
  | S f =>
      if limit_done limit then [] else
      match cur with
      | (k, v) :: cur' =>
          if below to k then (k, v) :: iter f to (dec_limit limit) cur' stack else []
      | [] =>
          match stack with
          | [] => []
          | Leaf es :: st => iter f to limit es st
          | Branch cs :: st => iter f to limit [] (map snd cs ++ st)
          end
      end
  end.

(** Nodes plus entries of a subtree: enough fuel for a full iteration. *)
Fixpoint weight (n : node) : nat :=
  match n with
  | Leaf es => S (length es)
  | Branch cs => S ((fix ws (cs : list (key * node)) : nat :=
                      match cs with [] => 0 | (_, c) :: cs' => weight c + ws cs' end) cs)
  end.

Definition range (t : tree) (from : key) (to : option key) (limit : option nat)
  : list entry :=
  let '(cur, stack) := seek (level t) (root t) from [] in
  iter (S (weight (root t))) to limit cur stack.

(** All entries of a subtree in order (the leaves left to right). *)
Fixpoint elements (n : node) : list entry :=
  match n with
  | Leaf es => es
  | Branch cs => (fix els (cs : list (key * node)) : list entry :=
                    match cs with [] => [] | (_, c) :: cs' => elements c ++ els cs' end) cs
  end.

Definition contents (t : tree) : list entry := elements (root t).

spec/Axioms.vo spec/Axioms.glob spec/Axioms.v.beautified spec/Axioms.required_vo: spec/Axioms.v 
spec/Axioms.vio: spec/Axioms.v 
spec/Axioms.vos spec/Axioms.vok spec/Axioms.required_vos: spec/Axioms.v 
spec/OrderedMap.vo spec/OrderedMap.glob spec/OrderedMap.v.beautified spec/OrderedMap.required_vo: spec/OrderedMap.v 
spec/OrderedMap.vio: spec/OrderedMap.v 
spec/OrderedMap.vos spec/OrderedMap.vok spec/OrderedMap.required_vos: spec/OrderedMap.v 
spec/OrderedMapFacts.vo spec/OrderedMapFacts.glob spec/OrderedMapFacts.v.beautified spec/OrderedMapFacts.required_vo: spec/OrderedMapFacts.v spec/OrderedMap.vo
spec/OrderedMapFacts.vio: spec/OrderedMapFacts.v spec/OrderedMap.vio
spec/OrderedMapFacts.vos spec/OrderedMapFacts.vok spec/OrderedMapFacts.required_vos: spec/OrderedMapFacts.v spec/OrderedMap.vos
btree/BTree.vo btree/BTree.glob btree/BTree.v.beautified btree/BTree.required_vo: btree/BTree.v spec/OrderedMap.vo
btree/BTree.vio: btree/BTree.v spec/OrderedMap.vio
btree/BTree.vos btree/BTree.vok btree/BTree.required_vos: btree/BTree.v spec/OrderedMap.vos
btree/Invariants.vo btree/Invariants.glob btree/Invariants.v.beautified btree/Invariants.required_vo: btree/Invariants.v spec/OrderedMap.vo btree/BTree.vo
btree/Invariants.vio: btree/Invariants.v spec/OrderedMap.vio btree/BTree.vio
btree/Invariants.vos btree/Invariants.vok btree/Invariants.required_vos: btree/Invariants.v spec/OrderedMap.vos btree/BTree.vos
btree/Refinement.vo btree/Refinement.glob btree/Refinement.v.beautified btree/Refinement.required_vo: btree/Refinement.v spec/OrderedMap.vo btree/BTree.vo btree/Invariants.vo
btree/Refinement.vio: btree/Refinement.v spec/OrderedMap.vio btree/BTree.vio btree/Invariants.vio
btree/Refinement.vos btree/Refinement.vok btree/Refinement.required_vos: btree/Refinement.v spec/OrderedMap.vos btree/BTree.vos btree/Invariants.vos
btree/Range.vo btree/Range.glob btree/Range.v.beautified btree/Range.required_vo: btree/Range.v spec/OrderedMap.vo btree/BTree.vo btree/Invariants.vo btree/Refinement.vo
btree/Range.vio: btree/Range.v spec/OrderedMap.vio btree/BTree.vio btree/Invariants.vio btree/Refinement.vio
btree/Range.vos btree/Range.vok btree/Range.required_vos: btree/Range.v spec/OrderedMap.vos btree/BTree.vos btree/Invariants.vos btree/Refinement.vos
btree/Cow.vo btree/Cow.glob btree/Cow.v.beautified btree/Cow.required_vo: btree/Cow.v spec/OrderedMap.vo btree/BTree.vo btree/Invariants.vo btree/Refinement.vo
btree/Cow.vio: btree/Cow.v spec/OrderedMap.vio btree/BTree.vio btree/Invariants.vio btree/Refinement.vio
btree/Cow.vos btree/Cow.vok btree/Cow.required_vos: btree/Cow.v spec/OrderedMap.vos btree/BTree.vos btree/Invariants.vos btree/Refinement.vos
btree/Fill.vo btree/Fill.glob btree/Fill.v.beautified btree/Fill.required_vo: btree/Fill.v spec/OrderedMap.vo btree/BTree.vo btree/Invariants.vo btree/Refinement.vo
btree/Fill.vio: btree/Fill.v spec/OrderedMap.vio btree/BTree.vio btree/Invariants.vio btree/Refinement.vio
btree/Fill.vos btree/Fill.vok btree/Fill.required_vos: btree/Fill.v spec/OrderedMap.vos btree/BTree.vos btree/Invariants.vos btree/Refinement.vos

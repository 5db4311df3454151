spec/Axioms.vo spec/Axioms.glob spec/Axioms.v.beautified spec/Axioms.required_vo: spec/Axioms.v 
spec/Axioms.vio: spec/Axioms.v 
spec/Axioms.vos spec/Axioms.vok spec/Axioms.required_vos: spec/Axioms.v 
spec/OrderedMap.vo spec/OrderedMap.glob spec/OrderedMap.v.beautified spec/OrderedMap.required_vo: spec/OrderedMap.v 
spec/OrderedMap.vio: spec/OrderedMap.v 
spec/OrderedMap.vos spec/OrderedMap.vok spec/OrderedMap.required_vos: spec/OrderedMap.v 
btree/BTree.vo btree/BTree.glob btree/BTree.v.beautified btree/BTree.required_vo: btree/BTree.v spec/OrderedMap.vo
btree/BTree.vio: btree/BTree.v spec/OrderedMap.vio
btree/BTree.vos btree/BTree.vok btree/BTree.required_vos: btree/BTree.v spec/OrderedMap.vos

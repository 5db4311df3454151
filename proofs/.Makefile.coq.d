spec/Axioms.vo spec/Axioms.glob spec/Axioms.v.beautified spec/Axioms.required_vo: spec/Axioms.v 
spec/Axioms.vio: spec/Axioms.v 
spec/Axioms.vos spec/Axioms.vok spec/Axioms.required_vos: spec/Axioms.v 

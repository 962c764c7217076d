"""One module per register; each rule is `evaluate(params, facts) -> list[Finding]`."""

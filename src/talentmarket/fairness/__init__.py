"""The fairness audit of rankings and decisions: rates, impact ratios and significance per
group of self-reported demographics, and exposure in rankings."""

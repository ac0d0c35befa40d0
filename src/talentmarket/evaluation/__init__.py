"""Evaluations run by `talentmarket eval ...`: quality figures on labelled cases."""

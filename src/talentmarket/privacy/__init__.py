"""Privacy rights over everything the service holds about one person (export and
erasure). A person's data spans people, openings, vectors and the audit log; the tables are
found from the schema (every foreign key to `employees.id`) so none is forgotten."""

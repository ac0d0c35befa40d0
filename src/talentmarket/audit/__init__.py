"""audit: who read or ranked whose data, and which access patterns look like misuse."""

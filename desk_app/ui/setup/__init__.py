"""The technician's setup of a desk: the first-run dialog, its checks, and `libdesk setup` for roll-out.

`values` holds what is set and how each field is checked (no Qt, shared with the
command line); `dialog` is the first-run window with a test tap and a test scan;
`first_run` decides when it shows; `enrolment` is the seam to the central server.
"""

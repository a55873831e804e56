"""Exercise URLs for long lists: reverse() once per URL name, each row's pk put in
(lbp_clinic.addresses, where the same is done for the plan builder's URLs)."""

from lbp_clinic.addresses import object_url as exercise_url

__all__ = ["exercise_url"]

"""The aftercare API's endpoints, in groups; mukti/aftercare/api.py assembles them."""

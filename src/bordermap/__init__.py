"""bordermap: what Cambodia and Viet Nam agree to build and do along their shared border."""

__version__ = "0.1.0"

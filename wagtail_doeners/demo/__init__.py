"""Realistic demo data for the example site (``manage.py doeners_demo_data``)."""

# The public URLs are included by wagtail_doeners.urls (namespace "wagtail_doeners").
URL_NAMESPACE = "wagtail_doeners:doeners_campaigns"

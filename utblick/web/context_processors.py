def current_municipality(request):
    return {"current_municipality": getattr(request, "municipality", None)}

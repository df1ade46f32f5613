print("external-talk")

environment    = "staging"
owner          = "alice"
instance_count = 2

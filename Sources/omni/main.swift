import OmniStore
print("omni \(omniVersion)")

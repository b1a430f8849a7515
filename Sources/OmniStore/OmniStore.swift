/// The version of omni, shown by `omni --version` and recorded in stores it creates.
public let omniVersion = "0.1.0"

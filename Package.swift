// swift-tools-version:6.0
import PackageDescription

// Dependencies point one way: omni -> OmniTerminal -> OmniUI -> OmniStore -> CSQLite.
let package = Package(
    name: "omni",
    products: [
        .executable(name: "omni", targets: ["omni"]),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            path: "Sources/CSQLite",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        .systemLibrary(
            name: "CNcurses",
            path: "Sources/CNcurses",
            providers: [.apt(["libncurses-dev"]), .brew(["ncurses"])]
        ),
        .target(name: "OmniStore", dependencies: ["CSQLite"]),
        .target(name: "OmniUI", dependencies: ["OmniStore"]),
        .target(name: "OmniTerminal", dependencies: ["OmniUI", "CNcurses"]),
        .executableTarget(name: "omni", dependencies: ["OmniTerminal", "OmniUI", "OmniStore"]),
        .testTarget(name: "OmniStoreTests", dependencies: ["OmniStore"], exclude: ["Fixtures"]),
        .testTarget(name: "OmniUITests", dependencies: ["OmniUI", "OmniStore"]),
        .testTarget(name: "OmniTerminalTests", dependencies: ["OmniTerminal"]),
        .testTarget(name: "EndToEndTests", dependencies: ["OmniStore"]),
    ]
)

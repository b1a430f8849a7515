import Foundation

/// A theme the loader can find: its name and where it comes from.
public struct ThemeEntry: Equatable, Sendable {
    public var name: String
    /// The file, or "(built-in)" for a compiled-in theme with no file on the search path.
    public var source: String
}

/// Finds and loads themes by name or path. Search order for a name (first match wins):
/// 1. the user folder `$XDG_CONFIG_HOME/omni/themes` (default `~/.config/omni/themes`)
/// 2. `$OMNI_THEME_DIR`
/// 3. a `themes/` folder found walking up from the executable's folder (a checkout's
///    `.build/release/omni` finds the checkout's `themes/`)
/// 4. `<exe folder>/../share/omni/themes` (an installed layout)
/// then the shipped themes compiled into the binary (`ShippedThemes`, generated from `themes/`),
/// then the built-in `default` and `mono`. Every file theme is laid over `default`.
public struct ThemeLoader: Sendable {
    public static let fileExtension = "theme"
    public static let builtinSource = "(built-in)"

    public var environment: [String: String]
    public var executableURL: URL?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                executableURL: URL? = ThemeLoader.currentExecutableURL()) {
        self.environment = environment
        self.executableURL = executableURL
    }

    /// The running executable, symlinks resolved.
    public static func currentExecutableURL() -> URL? {
        if let url = Bundle.main.executableURL { return url.resolvingSymlinksInPath() }
        guard let arg0 = CommandLine.arguments.first, arg0.contains("/") else { return nil }
        return URL(fileURLWithPath: arg0).standardizedFileURL.resolvingSymlinksInPath()
    }

    /// Folders searched for `<name>.theme`, in order (existing or not).
    public var searchDirectories: [URL] {
        var dirs: [URL] = []
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty {
            dirs.append(URL(fileURLWithPath: xdg).appendingPathComponent("omni/themes"))
        } else if let home = environment["HOME"], !home.isEmpty {
            dirs.append(URL(fileURLWithPath: home).appendingPathComponent(".config/omni/themes"))
        }
        if let dir = environment["OMNI_THEME_DIR"], !dir.isEmpty {
            dirs.append(URL(fileURLWithPath: dir))
        }
        if let exe = executableURL {
            let exeDir = exe.deletingLastPathComponent().standardizedFileURL
            var dir = exeDir
            while true {
                let candidate = dir.appendingPathComponent("themes")
                if Self.isDirectory(candidate) {
                    dirs.append(candidate)
                    break
                }
                let parent = dir.deletingLastPathComponent().standardizedFileURL
                if parent.path == dir.path || dir.path == "/" { break }
                dir = parent
            }
            dirs.append(exeDir.appendingPathComponent("../share/omni/themes").standardizedFileURL)
        }
        return dirs
    }

    static func isDirectory(_ url: URL) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && isDir.boolValue
    }

    /// Every theme that can be loaded by name, sorted, each with the file that wins.
    public func list() -> [ThemeEntry] {
        var found: [String: String] = [:]
        for dir in searchDirectories {
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { continue }
            for file in files.sorted() where file.hasSuffix("." + Self.fileExtension) {
                let name = String(file.dropLast(Self.fileExtension.count + 1))
                if !name.isEmpty, found[name] == nil { found[name] = dir.appendingPathComponent(file).path }
            }
        }
        for name in ShippedThemes.texts.keys where found[name] == nil { found[name] = Self.builtinSource }
        for name in BuiltinTheme.all.keys where found[name] == nil { found[name] = Self.builtinSource }
        return found.keys.sorted().map { ThemeEntry(name: $0, source: found[$0]!) }
    }

    /// True when `nameOrPath` names a file rather than a theme.
    static func isPath(_ s: String) -> Bool {
        s.contains("/") || s.hasSuffix("." + fileExtension)
    }

    /// Loads a theme by name (see the search order) or by file path.
    public func load(_ nameOrPath: String) throws(ThemeError) -> Theme {
        if Self.isPath(nameOrPath) {
            let url = URL(fileURLWithPath: nameOrPath)
            var name = url.lastPathComponent
            if name.hasSuffix("." + Self.fileExtension) { name = String(name.dropLast(Self.fileExtension.count + 1)) }
            return try Self.loadFile(path: nameOrPath, name: name)
        }
        for dir in searchDirectories {
            let file = dir.appendingPathComponent(nameOrPath + "." + Self.fileExtension)
            if FileManager.default.fileExists(atPath: file.path) {
                return try Self.loadFile(path: file.path, name: nameOrPath)
            }
        }
        // The shipped themes travel inside the binary (generated from themes/ by .ci/gen-themes).
        if let text = ShippedThemes.texts[nameOrPath] {
            return try ThemeParser.parse(text, name: nameOrPath, file: "\(Self.builtinSource) \(nameOrPath).\(Self.fileExtension)")
        }
        if let builtin = BuiltinTheme.all[nameOrPath] { return builtin }
        throw .notFound(name: SafeText.sanitize(nameOrPath), available: list().map(\.name))
    }

    /// Reads and parses one theme file, laid over the built-in default. Errors name `path`.
    public static func loadFile(path: String, name: String) throws(ThemeError) -> Theme {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(path: path, reason: "not UTF-8 text")
        }
        return try ThemeParser.parse(text, name: name, file: path)
    }

    /// The theme to start with. Order: an explicit request (command line or `:theme`), then
    /// NO_COLOR (set and non-empty: `mono`), then `OMNI_THEME`, then `default`. A theme that
    /// fails to load falls back (to `mono` under NO_COLOR, else `default`) with a warning
    /// such as `themes/x.theme:7: unknown colour "purpel"; using default`.
    public static func resolveStartupTheme(requested: String?, environment: [String: String])
        -> (Theme, warning: String?) {
        ThemeLoader(environment: environment).resolveStartupTheme(requested: requested)
    }

    /// See `ThemeLoader.resolveStartupTheme(requested:environment:)`.
    public func resolveStartupTheme(requested: String?) -> (Theme, warning: String?) {
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        let fallback = noColor ? BuiltinTheme.mono : BuiltinTheme.default
        let choice: String
        if let r = requested?.trimmingCharacters(in: .whitespaces), !r.isEmpty {
            choice = r
        } else if noColor {
            choice = "mono"
        } else if let env = environment["OMNI_THEME"]?.trimmingCharacters(in: .whitespaces), !env.isEmpty {
            choice = env
        } else {
            choice = "default"
        }
        do {
            return (try load(choice), nil)
        } catch {
            return (fallback, "\(error.description); using \(fallback.name)")
        }
    }
}

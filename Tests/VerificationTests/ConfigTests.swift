import BFTCheckTestSupport
import Testing
import Verification

/// Malformed configs are rejected with one line naming the file, line and key.
@Suite struct ConfigTests {
    func problem(_ text: String) -> String? {
        do {
            let config = try ModelConfig.parse(text, path: "x.cfg")
            guard let entry = ModelCatalog.entry(named: config.model) else { return "unknown model" }
            let model = try entry.instantiate(config)
            _ = try RunSettings(config)
            _ = model
            return nil
        } catch let error as InputError {
            #expect(!error.description.contains("\n"))
            return error.description
        } catch {
            return "\(error)"
        }
    }

    @Test func wellFormedConfigParses() {
        #expect(problem("model = counters\n[constants]\ncounters = 2\nlimit = 3\n") == nil)
    }

    @Test func errorsNameFileLineAndKey() {
        #expect(
            problem("[constants]\ncounters = 2\n")
                == "x.cfg:1: model: missing before [constants]: 'model = NAME' must come before the first section")
        #expect(
            problem("model = counters\n[constants]\ncounters = two\nlimit = 3\n")
                == "x.cfg:3: counters: expected an integer in 1...16, got 'two'")
        #expect(
            problem("model = counters\n[constants]\ncounters = 2\nlimit = 3\nwidth = 4\n")
                == "x.cfg:5: width: model 'counters' has no such parameter; it takes counters, limit")
        #expect(
            problem("model = counters\n[constants]\ncounters = 2\n")
                == "x.cfg: limit: missing: model 'counters' needs it (each counter's exclusive upper bound)")
        #expect(
            problem("model = counters\n[constant]\n")
                == "x.cfg:2: unknown section [constant]; sections are [constants], [bounds], [invariants], [sometimes], [symmetry], [limits], [check], [expect]"
        )
        #expect(problem("model = counters\n[constants]\ncounters = 2\ncounters = 3\n") == "x.cfg:4: counters: set twice (first on line 3)")
        #expect(problem("model = counters\n[constants]\ncounters 2\n") == "x.cfg:3: [constants] expects 'key = value', got 'counters 2'")
        #expect(
            problem("model = counters\n[constants]\ncounters = 2\nlimit = 3\n[limits]\nmax_depth = -1\n")
                == "x.cfg:6: max_depth: expected an integer in 0...1000000000, got -1")
        #expect(
            problem("model = counters\n[constants]\ncounters = 2\nlimit = 3\n[check]\nstrategy = sideways\n")
                == "x.cfg:6: strategy: expected bfs, dfs or simulate, got 'sideways'")
        #expect(
            problem("model = counters\n[constants]\ncounters = 2\nlimit = 3\n[symmetry]\nreplicas\n")
                == "x.cfg:6: replicas: model 'counters' has no such symmetry group; it has counters")
        #expect(
            problem("model = counters\n[constants]\ncounters = 2\nlimit = 3\n[expect]\noutcome = fine\n")
                == "x.cfg:6: outcome: expected holds, violated or incomplete, got 'fine'")
        #expect(problem("model = counters\n[constants\n") == "x.cfg:2: section header '[constants' lacks its closing ']'")
    }

    @Test func unknownPropertiesAreRejectedWhenChecking() throws {
        let config = try ModelConfig.parse(
            "model = counters\n[constants]\ncounters = 2\nlimit = 3\n[invariants]\nAllAtTop\n", path: "x.cfg")
        #expect(throws: InputError.self) { try ModelCatalog.check(try CheckRequest(config: config)) }
        do {
            _ = try ModelCatalog.model(for: config).selectedProperties(config)
            Issue.record("AllAtTop was selected")
        } catch let error as InputError {
            #expect(error.description == "x.cfg:6: AllAtTop: is not an invariant; it has InRange")
        }
    }

    @Test func everyCommittedConfigParsesAndNamesAKnownModel() throws {
        let configs = ConfigLocator.allConfigs(under: TestRepository.repo("Specs"))
        #expect(configs.count >= 4)
        for path in configs {
            let config = try ModelConfig.load(path)
            let entry = try #require(ModelCatalog.entry(named: config.model), "\(path)")
            _ = try entry.instantiate(config)
            _ = try RunSettings(config)
        }
    }
}

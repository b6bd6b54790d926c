// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {Deploy} from "../../script/Deploy.s.sol";
import {CreateRound} from "../../script/CreateRound.s.sol";
import {ZKMLIncentives} from "../../contracts/ZKMLIncentives.sol";
import {IZKMLIncentives} from "../../contracts/interfaces/IZKMLIncentives.sol";
import {MockERC20} from "./mocks/MockTokens.sol";
import {TestShapes} from "./utils/IncentivesBase.sol";
import {ProofFixture} from "./utils/ProofFixture.sol";

/// @notice The deploy script deploys the three verifiers of each shape and ZKMLIncentives holding them, and
///         returns the addresses (the record is written after the broadcast, in TypeScript); CreateRound opens
///         a round. The toy verifier stands in for most verifiers of the test shapes; shape 0's validation
///         verifier is the real one, so that CreateRound can open a round with the fixture's validation proof.
contract DeployScriptTest is Test {
    string internal constant TOY = "ToyHonkVerifierOptimized.sol:ToyHonkVerifierOptimized";
    string internal constant VALIDATION =
        "ValidationK8d1n128HonkVerifierOptimized.sol:ValidationK8d1n128HonkVerifierOptimized";
    string internal constant DIR = "deployments/.forge-test";

    function _shapes(string memory registrationArtifact) internal pure returns (Deploy.ShapeConfig[] memory s) {
        s = new Deploy.ShapeConfig[](2);
        s[0] = Deploy.ShapeConfig("k8d1n128", 8, 1, 128, 128, 128, TOY, registrationArtifact, VALIDATION);
        s[1] = Deploy.ShapeConfig("k4d2n64p30", 4, 2, 64, 30, 16, TOY, TOY, TOY);
    }

    function _writeConfig(string memory registrationArtifact) internal returns (string memory path) {
        Deploy.ShapeConfig[] memory s = _shapes(registrationArtifact);
        string memory json = "{\"shapes\":[";
        for (uint256 i; i < s.length; ++i) {
            json = string.concat(
                json,
                i == 0 ? "" : ",",
                "{\"name\":\"",
                s[i].name,
                "\",\"k\":",
                vm.toString(s[i].k),
                ",\"d\":",
                vm.toString(s[i].d),
                ",\"nTrain\":",
                vm.toString(s[i].nTrain),
                ",\"maxProviderRows\":",
                vm.toString(s[i].maxProviderRows),
                ",\"nVal\":",
                vm.toString(s[i].nVal),
                ",\"settlementVerifier\":\"",
                s[i].settlementArtifact,
                "\",\"registrationVerifier\":\"",
                s[i].registrationArtifact,
                "\",\"validationVerifier\":\"",
                s[i].validationArtifact,
                "\"}"
            );
        }
        vm.createDir(DIR, true);
        path = string.concat(DIR, "/shapes.json");
        vm.writeFile(path, string.concat(json, "]}"));
    }

    function test_readShapes_defaultConfigShipsEveryShape() public {
        Deploy.ShapeConfig[] memory s = new Deploy().readShapes("script/shapes.json");
        assertEq(s.length, 9);
        string[9] memory names = [
            "k8d1n128",
            "k7d2n132",
            "k6d3n88",
            "k8d1n265",
            "k5d4n109",
            "k8d1n4096p512e5",
            "k7d2n2520p360e5",
            "k6d3n1536p256e4",
            "k5d4n165e3"
        ];
        uint256[9] memory ks = [uint256(8), 7, 6, 8, 5, 8, 7, 6, 5];
        uint256[9] memory ds = [uint256(1), 2, 3, 1, 4, 1, 2, 3, 4];
        uint256[9] memory ns = [uint256(128), 132, 88, 265, 109, 4096, 2520, 1536, 165];
        uint256[9] memory ps = [uint256(128), 132, 88, 265, 109, 512, 360, 256, 165];
        uint256[9] memory vals = [uint256(128), 256, 256, 1000, 256, 1000, 256, 256, 256];
        for (uint256 i; i < 9; ++i) {
            assertEq(s[i].name, names[i]);
            assertEq(s[i].k, ks[i]);
            assertEq(s[i].d, ds[i]);
            assertEq(s[i].nTrain, ns[i]);
            assertEq(s[i].maxProviderRows, ps[i]);
            assertEq(s[i].nVal, vals[i]);
            assertEq(
                s[i].validationArtifact,
                string.concat(
                    "Validation",
                    _capitalised(names[i]),
                    "HonkVerifierOptimized.sol:Validation",
                    _capitalised(names[i]),
                    "HonkVerifierOptimized"
                )
            );
        }
        // The default shape keeps the settlement verifier the SDK deploys; the others are named after the shape.
        assertEq(s[0].settlementArtifact, "ZkmlK8d1n128HonkVerifierOptimized.sol:ZkmlK8d1n128HonkVerifierOptimized");
        assertEq(
            s[0].registrationArtifact, "RegisterK8d1n128HonkVerifierOptimized.sol:RegisterK8d1n128HonkVerifierOptimized"
        );
        assertEq(s[1].settlementArtifact, "ZkmlK7d2n132HonkVerifierOptimized.sol:ZkmlK7d2n132HonkVerifierOptimized");
        assertEq(
            s[1].registrationArtifact, "RegisterK7d2n132HonkVerifierOptimized.sol:RegisterK7d2n132HonkVerifierOptimized"
        );
        assertEq(
            s[4].registrationArtifact, "RegisterK5d4n109HonkVerifierOptimized.sol:RegisterK5d4n109HonkVerifierOptimized"
        );
    }

    /// @notice The shipped list deploys as is: every verifier artifact is built, and the contract accepts each
    ///         shape with the ciphertext length its registration circuit has (C = 3·ceil(N_PROVIDER/R) + 1).
    function test_deploy_defaultConfig_everyShippedShape() public {
        Deploy script = new Deploy();
        Deploy.ShapeConfig[] memory shapes = script.readShapes("script/shapes.json");
        script.checkArtifacts(shapes);
        Deploy.Deployment memory d = script.deploy(shapes);
        ZKMLIncentives inc = ZKMLIncentives(d.incentives);
        assertEq(inc.shapeCount(), 9);
        // C from N_PROVIDER: 3·ceil(N_PROVIDER / R) + 1.
        uint256[9] memory cs = [uint256(46), 67, 91, 91, 112, 172, 181, 259, 166];
        for (uint256 i; i < 9; ++i) {
            IZKMLIncentives.Shape memory s = inc.getShape(i);
            assertEq(s.ciphertextLength, cs[i]);
            assertEq(address(s.settlementVerifier), d.settlementVerifiers[i]);
            assertEq(address(s.registrationVerifier), d.registrationVerifiers[i]);
            assertEq(address(s.validationVerifier), d.validationVerifiers[i]);
            assertGt(d.settlementVerifiers[i].code.length, 0);
            assertGt(d.registrationVerifiers[i].code.length, 0);
            assertGt(d.validationVerifiers[i].code.length, 0);
            // Distinct verifiers: each shape's circuits have their own keys.
            assertTrue(d.validationVerifiers[i].codehash != d.settlementVerifiers[i].codehash);
            assertTrue(d.validationVerifiers[i].codehash != d.registrationVerifiers[i].codehash);
            for (uint256 j; j < i; ++j) {
                assertTrue(d.registrationVerifiers[i].codehash != d.registrationVerifiers[j].codehash);
                assertTrue(d.settlementVerifiers[i].codehash != d.settlementVerifiers[j].codehash);
                assertTrue(d.validationVerifiers[i].codehash != d.validationVerifiers[j].codehash);
            }
        }
    }

    function test_deploy_registersEveryShape() public {
        Deploy.Deployment memory d = new Deploy().deploy(_shapes(TOY));
        ZKMLIncentives inc = ZKMLIncentives(d.incentives);
        assertEq(inc.shapeCount(), 2);
        IZKMLIncentives.Shape memory s = inc.getShape(1);
        assertEq(s.k, 4);
        assertEq(s.nTrain, 64);
        assertEq(s.maxProviderRows, 30);
        // C from N_PROVIDER: R = 6, NCP = ceil(30/6) = 5, C = 16.
        assertEq(s.ciphertextLength, 16);
        assertEq(address(s.settlementVerifier), d.settlementVerifiers[1]);
        assertEq(address(s.registrationVerifier), d.registrationVerifiers[1]);
        assertEq(address(s.validationVerifier), d.validationVerifiers[1]);
        assertEq(address(inc.getShape(0).validationVerifier), d.validationVerifiers[0]);
        assertGt(d.registrationVerifiers[0].code.length, 0);
        assertGt(d.validationVerifiers[0].code.length, 0);
    }

    /// @notice run() deploys the configured shapes and returns their addresses, and writes no record: the
    ///         record is written after the broadcast (ts/tools/record-deployment.ts), never by a simulation.
    function test_run_deploysConfigAndWritesNoRecord() public {
        vm.setEnv("SHAPES_CONFIG", _writeConfig(TOY));
        // The old DEPLOYMENTS_DIR setting is ignored: neither there nor in deployments/ does a record appear or change.
        vm.setEnv("DEPLOYMENTS_DIR", DIR);
        string memory chain = string.concat(vm.toString(block.chainid), ".json");
        string memory record = string.concat("deployments/", chain);
        bool existed = vm.exists(record);
        string memory before = existed ? vm.readFile(record) : "";
        Deploy.Deployment memory d = new Deploy().run();
        bool inDir = vm.exists(string.concat(DIR, "/", chain));
        vm.removeDir(DIR, true);
        assertFalse(inDir);
        assertEq(vm.exists(record), existed);
        if (existed) assertEq(vm.readFile(record), before);
        ZKMLIncentives inc = ZKMLIncentives(d.incentives);
        assertEq(inc.shapeCount(), 2);
        assertEq(d.settlementVerifiers.length, 2);
        for (uint256 i; i < 2; ++i) {
            IZKMLIncentives.Shape memory s = inc.getShape(i);
            assertEq(address(s.settlementVerifier), d.settlementVerifiers[i]);
            assertEq(address(s.registrationVerifier), d.registrationVerifiers[i]);
            assertEq(address(s.validationVerifier), d.validationVerifiers[i]);
            assertGt(d.settlementVerifiers[i].code.length, 0);
            assertGt(d.registrationVerifiers[i].code.length, 0);
            assertGt(d.validationVerifiers[i].code.length, 0);
        }
        assertEq(inc.getShape(1).k, 4);
    }

    function test_run_revertsArtifactNotFound() public {
        string memory missing = "RegisterNoSuchShapeHonkVerifier.sol:RegisterNoSuchShapeHonkVerifier";
        vm.setEnv("SHAPES_CONFIG", _writeConfig(missing));
        Deploy script = new Deploy();
        vm.expectRevert(abi.encodeWithSelector(Deploy.ArtifactNotFound.selector, missing));
        script.run();
        vm.removeDir(DIR, true);
    }

    function test_checkArtifacts_revertsMissingValidationVerifier() public {
        Deploy.ShapeConfig[] memory s = _shapes(TOY);
        s[1].validationArtifact = "ValidationNoSuchShapeHonkVerifier.sol:ValidationNoSuchShapeHonkVerifier";
        Deploy script = new Deploy();
        vm.expectRevert(abi.encodeWithSelector(Deploy.ArtifactNotFound.selector, s[1].validationArtifact));
        script.checkArtifacts(s);
    }

    /// "k8d1n128" -> "K8d1n128" (the verifier names capitalise the shape name).
    function _capitalised(string memory name) internal pure returns (string memory) {
        bytes memory b = bytes(name);
        if (b.length != 0 && b[0] >= "a" && b[0] <= "z") b[0] = bytes1(uint8(b[0]) - 32);
        return string(b);
    }

    function test_createRound_ethAndErc20FromEnv() public {
        Deploy.Deployment memory d = new Deploy().deploy(_shapes(TOY));
        ZKMLIncentives inc = ZKMLIncentives(d.incentives);
        CreateRound script = new CreateRound();
        ProofFixture.Validation memory v = ProofFixture.loadValidation("validation_k8d1n128");
        vm.setEnv("AMOUNT", "1000");
        vm.setEnv("VALIDATION_COMMITMENT", vm.toString(v.statsCommitment));
        vm.setEnv("VALIDATION_ROWS", vm.toString(v.numRows));
        vm.setEnv("LAMBDA", "100");
        vm.setEnv("OWNER_KEY_X", vm.toString(TestShapes.GX));
        vm.setEnv("OWNER_KEY_Y", vm.toString(TestShapes.GY));
        vm.setEnv("ALLOWLIST", string.concat(vm.toString(address(0xA11CE)), ",", vm.toString(address(0xB0B))));
        IZKMLIncentives.RoundParams memory p = script.params(inc);
        assertEq(p.maxProviders, 8);
        assertEq(p.allowlist.length, 2);
        assertEq(p.deliveryDeadline - p.registrationDeadline, 1 days);
        assertEq(p.submissionDeadline - p.deliveryDeadline, 2 days);
        assertEq(p.validationCommitment, v.statsCommitment);
        assertEq(p.validationRows, v.numRows);
        vm.deal(address(script), 1000);
        uint256 id = script.create(inc, p, v.proof);
        assertEq(inc.getRound(id).validationRows, v.numRows);
        assertEq(inc.getRound(id).owner, address(script));
        assertTrue(inc.isAllowed(id, address(0xB0B)));
        assertFalse(inc.isAllowed(id, address(0xCAFE)));

        MockERC20 token = new MockERC20("T", "T");
        token.mint(address(script), 1000);
        p.asset = address(token);
        id = script.create(inc, p, v.proof);
        assertEq(token.balanceOf(address(inc)), 1000);
        assertEq(inc.getRound(id).asset, address(token));
    }
}

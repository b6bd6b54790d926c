// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Vm} from "forge-std/Vm.sol";

/// @notice Reads a proof fixture written by `npm run build` (test/fixtures/<name>.json).
library ProofFixture {
    Vm private constant VM = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    struct Data {
        bytes proof;
        bytes32[] publicInputs;
    }

    /// A validation proof (test/fixtures/validation_<shape>.json): the proof, the statistics commitment it
    /// opens and the row count m, its two public inputs.
    struct Validation {
        bytes proof;
        uint256 statsCommitment;
        uint256 numRows;
    }

    function loadValidation(string memory name) internal view returns (Validation memory v) {
        string memory json = VM.readFile(string.concat("test/fixtures/", name, ".json"));
        v.proof = VM.parseJsonBytes(json, ".proof");
        v.statsCommitment = uint256(VM.parseJsonBytes32(json, ".statsCommitment"));
        v.numRows = VM.parseJsonUint(json, ".numRows");
        bytes32[] memory inputs = VM.parseJsonBytes32Array(json, ".publicInputs");
        require(
            inputs.length == 2 && uint256(inputs[0]) == v.statsCommitment && uint256(inputs[1]) == v.numRows,
            "validation fixture: publicInputs must be (statsCommitment, numRows)"
        );
    }

    function load(string memory name) internal view returns (Data memory data) {
        string memory json = VM.readFile(string.concat("test/fixtures/", name, ".json"));
        data.proof = VM.parseJsonBytes(json, ".proof");
        data.publicInputs = VM.parseJsonBytes32Array(json, ".publicInputs");
    }
}
